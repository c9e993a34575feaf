package snapshot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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
	// DefaultReadBudget bounds the bytes all collectors together read from
	// one repository (include-following included): a repository of many
	// large files costs at most this much reading and parsing.
	DefaultReadBudget = 64 << 20
	// MaxTreeDepth bounds how deep the walk descends; deeper folders are
	// skipped with one warning.
	MaxTreeDepth = 256
	// maxSymlinkHops bounds symlink chains inside the repository.
	maxSymlinkHops = 8
)

// ErrTooLarge and ErrBinary are returned by Tree.Read for files a collector
// must not parse; ErrReadBudget once the repository's read budget is spent.
var (
	ErrTooLarge   = errors.New("file larger than 1 MiB; not parsed")
	ErrBinary     = errors.New("binary file; not parsed")
	ErrReadBudget = errors.New("read budget for this repository spent; not read")
)

// ErrInvalidTreeEntry is returned, wrapped, for a directory entry that no
// real tree can hold ("", ".", "..", a name with "/"): the repository is
// malformed and is refused as a whole.
var ErrInvalidTreeEntry = errors.New("invalid tree entry")

// skippedDirs are never descended into, wherever they are.
var skippedDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true, ".hg": true, ".svn": true}

// Tree is a walked repository: the list of files collectors may look at, and
// a bounded, binary-safe reader. It is built once per repository so that
// collectors do not each walk the file system.
//
// Everything it reads resolves inside the repository: every component of a
// path is resolved (symlinks included) and must stay under the root, no
// component may be named .git (in any case), and only regular files are
// opened.
type Tree struct {
	fsys fs.FS
	Ctx  context.Context
	// Files are the regular files (and in-repo symlinks to them), sorted,
	// slash-separated, relative to the root.
	Files []string
	// links maps an in-repo symlink to the file it points at.
	links    map[string]string
	sizes    map[string]int64
	warnings []facts.Warning
	byBase   map[string][]string
	// budget is how many bytes reads may still take; budgetWarned says the
	// one warning about it was recorded.
	Budget, budgetSize int64
	budgetWarned       bool
	// memo is shared with Sub views (memo.go).
	memo *perFile
}

// NewTree walks fsys once, skipping .git, vendor/, node_modules/ and paths
// matched by a .scoreignore file at the root.
func NewTree(fsys fs.FS) (*Tree, error) {
	return NewTreeContext(context.Background(), fsys)
}

// NewTreeContext is NewTree that stops when ctx ends; reads through the
// tree fail once ctx has ended too.
func NewTreeContext(ctx context.Context, fsys fs.FS) (*Tree, error) {
	t := &Tree{fsys: fsys, Ctx: ctx, links: map[string]string{}, sizes: map[string]int64{},
		byBase: map[string][]string{}, Budget: DefaultReadBudget, budgetSize: DefaultReadBudget,
		memo: &perFile{m: map[perFileKey]any{}}}
	ignore := t.loadIgnore()
	symlinks, err := t.walk(ignore)
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

// SetReadBudget sets how many more bytes may be read through the tree.
func (t *Tree) SetReadBudget(n int64) { t.Budget, t.budgetSize = n, n }

// walk lists the tree depth first in lexical order, like fs.WalkDir, and
// returns the symlinks it met. It keeps each folder's path components, so
// that the work per entry does not grow with the depth beyond the path
// itself, and stops at MaxTreeDepth.
func (t *Tree) walk(ignore gitignore.Matcher) ([]string, error) {
	type dir struct {
		path  string
		parts []string
	}
	var symlinks []string
	depthWarned := false
	stack := []dir{{path: "."}}
	for len(stack) > 0 {
		if t.Ctx.Err() != nil {
			return nil, context.Cause(t.Ctx)
		}
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		entries, err := fs.ReadDir(t.fsys, d.path)
		if err != nil {
			if d.path == "." || errors.Is(err, ErrInvalidTreeEntry) {
				return nil, err
			}
			t.Warn(d.path, 0, fmt.Sprintf("not readable: %v", err))
			continue
		}
		var subdirs []dir
		for _, e := range entries {
			name := e.Name()
			if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
				return nil, fmt.Errorf("%w %q in %s", ErrInvalidTreeEntry, name, d.path)
			}
			p := name
			if d.path != "." {
				p = d.path + "/" + name
			}
			parts := append(d.parts[:len(d.parts):len(d.parts)], name)
			if e.IsDir() {
				if skippedDirs[strings.ToLower(name)] || (ignore != nil && ignore.Match(parts, true)) {
					continue
				}
				if len(parts) > MaxTreeDepth {
					if !depthWarned {
						depthWarned = true
						t.Warn(p, 0, fmt.Sprintf("folders deeper than %d levels; not scanned", MaxTreeDepth))
					}
					continue
				}
				subdirs = append(subdirs, dir{path: p, parts: parts})
				continue
			}
			if ignore != nil && ignore.Match(parts, false) {
				continue
			}
			if IsGitName(name) { // a worktree's or submodule's pointer to its git folder
				continue
			}
			switch {
			case e.Type()&fs.ModeSymlink != 0:
				symlinks = append(symlinks, p)
			case e.Type().IsRegular():
				if info, err := e.Info(); err == nil {
					t.sizes[p] = info.Size()
				}
				t.Files = append(t.Files, p)
			}
		}
		for i := len(subdirs) - 1; i >= 0; i-- {
			stack = append(stack, subdirs[i])
		}
	}
	return symlinks, nil
}

// isGitName reports a path component naming a git folder, in any case (a
// case-insensitive file system opens .GIT as .git).
func IsGitName(name string) bool { return strings.EqualFold(name, ".git") }

// loadIgnore reads .scoreignore. It stats the file before opening it: a
// named pipe there would block the open (and the whole scan) forever.
func (t *Tree) loadIgnore() gitignore.Matcher {
	const name = ".scoreignore"
	target := name
	info, err := fs.Lstat(t.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		target, info, err = t.resolvePath(name)
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
	data, err := t.openRead(target, MaxFileSize+1, nil)
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

// resolveLink resolves a symlink component by component and returns the
// in-repo regular file it names, or an error when it leaves the
// repository, passes through .git, loops, or names something else.
func (t *Tree) resolveLink(name string) (string, error) {
	target, info, err := t.resolvePath(name)
	if err != nil {
		return "", err
	}
	switch {
	case info.Mode().IsRegular():
		t.sizes[name] = info.Size()
		return target, nil
	case info.IsDir():
		return "", fmt.Errorf("symlink to a directory (%s); not followed", target)
	default:
		return "", fmt.Errorf("symlink to %s, which is not a regular file; not followed", target)
	}
}

// resolvePath resolves every component of p inside the tree, following
// symlinks wherever they are in the path, and returns the path of what p
// names with no symlink left in it, with its Lstat. It fails when a
// component leaves the root (an absolute link, one ".." too many), names
// .git, does not exist, or when links chain more than maxSymlinkHops.
func (t *Tree) resolvePath(p string) (string, fs.FileInfo, error) {
	pending := strings.Split(p, "/")
	var done []string // resolved components: real folders, no links
	var info fs.FileInfo
	hops := 0
	link := "" // the last link followed, for messages
	for len(pending) > 0 {
		elem := pending[0]
		pending = pending[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", nil, fmt.Errorf("symlink points outside the repository (%s); not followed", link)
			}
			done = done[:len(done)-1]
			continue
		}
		cur := strings.Join(append(done[:len(done):len(done)], elem), "/")
		if IsGitName(elem) {
			return "", nil, fmt.Errorf("symlink into %s; not followed", cur)
		}
		fi, err := fs.Lstat(t.fsys, cur)
		if err != nil {
			return "", nil, fmt.Errorf("symlink target %s does not exist; not followed", path.Join(append([]string{cur}, pending...)...))
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if hops++; hops > maxSymlinkHops {
				return "", nil, fmt.Errorf("symlink chain longer than %d; not followed", maxSymlinkHops)
			}
			target, err := fs.ReadLink(t.fsys, cur)
			if err != nil {
				return "", nil, fmt.Errorf("symlink not readable: %v", err)
			}
			if path.IsAbs(target) || filepath.IsAbs(target) {
				return "", nil, fmt.Errorf("symlink points outside the repository (%s); not followed", target)
			}
			link = target
			pending = append(strings.Split(target, "/"), pending...)
			continue
		}
		if len(pending) > 0 && !fi.IsDir() {
			return "", nil, fmt.Errorf("symlink target %s does not exist; not followed", path.Join(append([]string{cur}, pending...)...))
		}
		done = append(done, elem)
		info = fi
	}
	if info == nil { // the root itself
		return "", nil, fmt.Errorf("symlink to a directory (.); not followed")
	}
	return strings.Join(done, "/"), info, nil
}

// Warn records a problem with one file; it ends up in Facts.Warnings.
func (t *Tree) Warn(p string, line int, msg string) {
	if msg == ErrReadBudget.Error() { // said once, by read
		return
	}
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
	data, _, err := t.read(p, nil)
	return data, err
}

// WithText is Read for a collector that keeps nothing of the content
// (the secret scan, which reads every file): data is read into a buffer
// reused by later calls, valid only while fn runs. A scan's reads are
// otherwise all fresh memory for a process that collects no garbage
// before its heap reaches tens of MiB.
func (t *Tree) WithText(p string, fn func(data []byte)) error {
	bp := textBuffers.Get().(*[]byte)
	data, _, err := t.read(p, *bp)
	if err == nil {
		fn(data)
	}
	// A buffer that grew for a larger file is kept if modest.
	if cap(data) > cap(*bp) && cap(data) <= maxPooledText {
		*bp = data[:0]
	}
	textBuffers.Put(bp)
	return err
}

// textBuffers are WithText's buffers; maxPooledText bounds what they keep.
var textBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

const maxPooledText = 1 << 20

// readBytes reads p's bytes within the tree's rules: confined to the
// root, never inside .git, a regular file, at most MaxFileSize, within the
// read budget. buf, when it has room, is what they are read into.
func (t *Tree) readBytes(p string, buf []byte) ([]byte, error) {
	if t.Ctx.Err() != nil {
		return nil, context.Cause(t.Ctx)
	}
	target, ok := t.links[p]
	if !ok {
		if !t.Has(p) { // not walked: resolve it like a link
			if !fs.ValidPath(p) {
				return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrInvalid}
			}
			resolved, _, err := t.resolvePath(p)
			if err != nil {
				return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
			}
			p = resolved
		}
		target = p
	}
	for _, part := range strings.Split(target, "/") {
		if IsGitName(part) {
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission}
		}
	}
	admit := func(mode fs.FileMode, size int64) (int64, error) {
		if !mode.IsRegular() {
			return 0, &fs.PathError{Op: "open", Path: p, Err: ErrNotRegular}
		}
		if size > MaxFileSize {
			return 0, ErrTooLarge
		}
		if t.budgetWarned || size > t.Budget { // once spent, stays spent
			if !t.budgetWarned {
				t.budgetWarned = true
				t.warnings = append(t.warnings, facts.Warning{Path: p, Message: fmt.Sprintf(
					"read budget of %s for this repository spent; this file and any read after it not read", formatMiB(t.budgetSize))})
			}
			return 0, ErrReadBudget
		}
		return min(MaxFileSize+1, t.Budget+1), nil
	}
	var (
		data    []byte
		handled bool
		err     error
	)
	if rr, ok := t.fsys.(RegularReader); ok {
		data, handled, err = rr.ReadRegular(target, admit, buf)
		if handled && err != nil {
			return nil, err
		}
	}
	if !handled {
		info, err := fs.Lstat(t.fsys, target)
		if err != nil {
			return nil, err
		}
		limit, err := admit(info.Mode(), info.Size())
		if err != nil {
			return nil, err
		}
		if data, err = t.openRead(target, limit, buf); err != nil {
			return nil, err
		}
	}
	t.Budget -= int64(len(data))
	if len(data) > MaxFileSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// read is Read that also says on which line the first byte that is not
// UTF-8 was, 0 for none.
func (t *Tree) read(p string, buf []byte) ([]byte, int, error) {
	data, err := t.readBytes(p, buf)
	if err != nil {
		return nil, 0, err
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

// formatMiB writes a byte count in MiB, with decimals only when needed.
func formatMiB(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
}

var ErrNotRegular = errors.New("not a regular file; not read")

// RegularReader is a file system that reads a file in one go: it opens
// name without following any symlink (the tree resolved them) and without
// leaving the file system, asks admit, with what it opened, whether and
// how much to read, and reads that (into buf when it has room). handled
// is false when it could not open the file that way (the kernel lacks the
// call, or the path is not plain): the tree then reads it through the
// fs.FS, which gives the canonical result. source.DirFS is one on Linux:
// a read costs four system calls instead of two walks of the path,
// component by component.
type RegularReader interface {
	ReadRegular(name string, admit func(mode fs.FileMode, size int64) (limit int64, err error), buf []byte) (data []byte, handled bool, err error)
}

// openRead opens a file that resolved to a regular one and reads at most
// limit bytes of it, checking that what was opened is still a regular
// file (a pipe or a device swapped in would block or never end).
func (t *Tree) openRead(name string, limit int64, buf []byte) ([]byte, error) {
	f, err := t.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return ReadUpTo(f, info.Size(), limit, buf)
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
// buf, when it has room for the whole file, is read into.
func ReadUpTo(r io.Reader, size, limit int64, buf []byte) ([]byte, error) {
	if size < 0 || size >= limit {
		size = 512
	}
	data := buf[:0]
	if int64(cap(buf)) < size+1 {
		data = make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	}
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
	data, invalid, err := t.read(p, nil)
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
	// Called for every file by several collectors: no allocation unless
	// the path may hold JVM package folders.
	if strings.Contains(p, "src/") {
		p = WithoutJVMPackage(p)
	}
	last := strings.LastIndexByte(p, '/')
	if last < 0 {
		return false
	}
	for seg := range strings.SplitSeq(p[:last], "/") {
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
