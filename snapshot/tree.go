package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/scoredev/score/facts"
)

// Limits on what a collector reads.
const (
	// MaxFileSize is the largest file a collector reads; larger files are
	// listed but not parsed, with a warning.
	MaxFileSize = 1 << 20
	// MaxListedFiles caps Facts.Files.Paths and Facts.Tests.Files.
	MaxListedFiles = 20000
	// maxSymlinkHops bounds symlink chains inside the repository.
	maxSymlinkHops = 8
)

// ErrTooLarge and ErrBinary are returned by Tree.Read for files a collector
// must not parse.
var (
	ErrTooLarge = errors.New("file larger than 1 MiB; not parsed")
	ErrBinary   = errors.New("binary file; not parsed")
)

// skippedDirs are never descended into, wherever they are.
var skippedDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true, ".hg": true, ".svn": true}

// Tree is a walked repository: the list of files collectors may look at, and
// a bounded, binary-safe reader. It is built once per repository so that
// collectors do not each walk the file system.
type Tree struct {
	fsys fs.FS
	// Files are the regular files (and in-repo symlinks to them), sorted,
	// slash-separated, relative to the root.
	Files []string
	// links maps an in-repo symlink to the file it points at.
	links    map[string]string
	sizes    map[string]int64
	warnings []facts.Warning
	byBase   map[string][]string
}

// NewTree walks fsys once, skipping .git, vendor/, node_modules/ and paths
// matched by a .scoreignore file at the root.
func NewTree(fsys fs.FS) (*Tree, error) {
	t := &Tree{fsys: fsys, links: map[string]string{}, sizes: map[string]int64{}, byBase: map[string][]string{}}
	ignore := t.loadIgnore()
	var symlinks []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			t.Warn(p, 0, fmt.Sprintf("not readable: %v", err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		parts := strings.Split(p, "/")
		if d.IsDir() {
			if skippedDirs[d.Name()] || (ignore != nil && ignore.Match(parts, true)) {
				return fs.SkipDir
			}
			return nil
		}
		if ignore != nil && ignore.Match(parts, false) {
			return nil
		}
		if d.Name() == ".git" { // a worktree's or submodule's pointer to its git folder
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			symlinks = append(symlinks, p)
		case d.Type().IsRegular():
			if info, err := d.Info(); err == nil {
				t.sizes[p] = info.Size()
			}
			t.Files = append(t.Files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk repository: %w", err)
	}
	for _, l := range symlinks {
		target, err := t.resolveLink(l)
		if err != nil {
			t.Warn(l, 0, err.Error())
			continue
		}
		t.links[l] = target
		t.Files = append(t.Files, l)
	}
	sort.Strings(t.Files)
	for _, f := range t.Files {
		b := strings.ToLower(path.Base(f))
		t.byBase[b] = append(t.byBase[b], f)
	}
	return t, nil
}

// loadIgnore reads .scoreignore. It stats the file before opening it: a
// named pipe there would block the open (and the whole scan) forever.
func (t *Tree) loadIgnore() gitignore.Matcher {
	const name = ".scoreignore"
	info, err := fs.Stat(t.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Warn(name, 0, fmt.Sprintf("not readable: %v; nothing ignored", err))
		return nil
	}
	if !info.Mode().IsRegular() {
		t.Warn(name, 0, "not a regular file; nothing ignored")
		return nil
	}
	if info.Size() > MaxFileSize {
		t.Warn(name, 0, ErrTooLarge.Error()+"; nothing ignored")
		return nil
	}
	data, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		t.Warn(name, 0, fmt.Sprintf("not readable: %v; nothing ignored", err))
		return nil
	}
	var ps []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, nil))
	}
	return gitignore.NewMatcher(ps)
}

// resolveLink follows a symlink lexically and returns the in-repo regular
// file it names, or an error when it leaves the repository, loops, or names
// something else.
func (t *Tree) resolveLink(name string) (string, error) {
	cur := name
	for range maxSymlinkHops {
		target, err := fs.ReadLink(t.fsys, cur)
		if err != nil {
			return "", fmt.Errorf("symlink not readable: %v", err)
		}
		if path.IsAbs(target) {
			return "", fmt.Errorf("symlink points outside the repository (%s); not followed", target)
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "", fmt.Errorf("symlink points outside the repository (%s); not followed", target)
		}
		info, err := fs.Lstat(t.fsys, next)
		if err != nil {
			return "", fmt.Errorf("symlink target %s does not exist; not followed", next)
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			cur = next
		case info.Mode().IsRegular():
			t.sizes[name] = info.Size()
			return next, nil
		case info.IsDir():
			return "", fmt.Errorf("symlink to a directory (%s); not followed", next)
		default:
			return "", fmt.Errorf("symlink to %s, which is not a regular file; not followed", next)
		}
	}
	return "", fmt.Errorf("symlink chain longer than %d; not followed", maxSymlinkHops)
}

// Warn records a problem with one file; it ends up in Facts.Warnings.
func (t *Tree) Warn(p string, line int, msg string) {
	t.warnings = append(t.warnings, facts.Warning{Path: p, Line: line, Message: msg})
}

// Warnings returns what the walk met, for Facts.Warnings.
func (t *Tree) Warnings() []facts.Warning { return t.warnings }

// Size is the size of a listed file in bytes (-1 when unknown).
func (t *Tree) Size(p string) int64 {
	if s, ok := t.sizes[p]; ok {
		return s
	}
	return -1
}

// Has reports whether a file is in the tree.
func (t *Tree) Has(p string) bool {
	i := sort.SearchStrings(t.Files, p)
	return i < len(t.Files) && t.Files[i] == p
}

// ByBase returns the files whose base name equals name, case-insensitively.
func (t *Tree) ByBase(name string) []string { return t.byBase[strings.ToLower(name)] }

// Read returns a file's content. It refuses files over MaxFileSize
// (ErrTooLarge) and files that look binary (ErrBinary), so a collector can
// record a warning and go on. A UTF-8 byte order mark is dropped, and bytes
// that are not UTF-8 (a Latin-1 comment) read as U+FFFD, so that parsers
// still read the rest of the file and lines keep their numbers.
func (t *Tree) Read(p string) ([]byte, error) {
	data, _, err := t.read(p)
	return data, err
}

// read is Read that also says on which line the first byte that is not
// UTF-8 was, 0 for none.
func (t *Tree) read(p string) ([]byte, int, error) {
	target := p
	if l, ok := t.links[p]; ok {
		target = l
	}
	if s := t.Size(p); s > MaxFileSize {
		return nil, 0, ErrTooLarge
	}
	f, err := t.fsys.Open(target)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	data, err := ReadUpTo(f, t.Size(p), MaxFileSize+1)
	if err != nil {
		return nil, 0, err
	}
	if len(data) > MaxFileSize {
		return nil, 0, ErrTooLarge
	}
	if looksBinary(data) {
		return nil, 0, ErrBinary
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data, 0, nil
	}
	line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
	return bytes.ToValidUTF8(data, []byte("\uFFFD")), line, nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// firstInvalidUTF8 is the offset of the first byte that is not UTF-8.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// readUpTo reads r to its end or to limit bytes, into one buffer sized
// from the file's known size (io.ReadAll would grow it step by step: on a
// scan, where every file is read, that was a tenth of the CPU).
func ReadUpTo(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size >= limit {
		size = 512
	}
	data := make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	for {
		if int64(len(data)) >= limit {
			return data[:limit], nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):min(int64(cap(data)), limit)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadText is Read for collectors: on failure it records a warning naming
// the file and returns ok=false.
func (t *Tree) ReadText(p string) ([]byte, bool) {
	data, invalid, err := t.read(p)
	if err != nil {
		t.Warn(p, 0, err.Error())
		return nil, false
	}
	if invalid > 0 {
		t.Warn(p, invalid, "not UTF-8 text (Latin-1?); bytes that are not UTF-8 were read as U+FFFD")
	}
	return data, true
}

func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	if utf8.Valid(trimPartialRune(head)) {
		return false
	}
	// Text in a legacy encoding (Latin-1) has a few bytes that are not
	// UTF-8; binary data has them everywhere, and control characters too.
	odd := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if (r == utf8.RuneError && n == 1) || (r < 0x20 && !strings.ContainsRune("\t\n\r\f\v\b\x1b", r)) {
			odd++
		}
		i += n
	}
	return odd*10 > len(head)*3
}

// trimPartialRune drops a rune cut in half by the 8000-byte window.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// fixtureDirs are folder names whose contents are test material or samples,
// never the service's own setup.
var fixtureDirs = map[string]bool{
	"testdata": true, "test-data": true, "test_data": true, "fixtures": true, "fixture": true,
	"__fixtures__": true, "__mocks__": true, "examples": true, "example": true, "samples": true,
	"sample": true, "test": true, "tests": true, "__tests__": true, "spec": true, "e2e": true,
	"third_party": true, "third-party": true,
}

// IsFixturePath reports whether p lies in a fixture tree (testdata/,
// fixtures/, examples/, test/, tests/, ...). Setup collectors ignore such
// files so that bait in fixtures never counts as the service's own setup.
//
// The package folders of a JVM source set name no fixture
// (src/main/java/com/example/App.java is the service's code), so only the
// folders up to the source set's language folder are judged.
func IsFixturePath(p string) bool {
	dir := path.Dir(WithoutJVMPackage(p))
	if dir == "." {
		return false
	}
	for _, seg := range strings.Split(dir, "/") {
		if fixtureDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

// withoutJVMPackage drops the package folders below src/<set>/<language>/
// from p: "svc/src/main/java/com/example/App.java" becomes
// "svc/src/main/java/App.java".
func WithoutJVMPackage(p string) string {
	segs := strings.Split(p, "/")
	for i := 0; i+3 < len(segs)-1; i++ {
		if segs[i] == "src" && jvmSourceDirs[segs[i+2]] {
			return strings.Join(segs[:i+3], "/") + "/" + segs[len(segs)-1]
		}
	}
	return p
}

// Snapshot is one repository at one point in time: its identity and its files
// as an fs.FS rooted at the repository (a working tree, a commit read from git
// objects, or a fresh clone).
type Snapshot struct {
	Info facts.RepoInfo
	FS   fs.FS
}

// jvmSourceDirs are the language folders of a Maven/Gradle source set.
var jvmSourceDirs = map[string]bool{"java": true, "kotlin": true, "scala": true, "groovy": true, "resources": true}
