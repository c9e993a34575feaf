package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// maxFSSymlinkHops bounds symlink resolution inside a commit, like the
// kernel's limit.
const maxFSSymlinkHops = 40

// errSymlinkOutside is returned when following a symlink would leave the
// commit's tree; errSymlinkGit when it would enter a .git folder.
var (
	errSymlinkOutside = errors.New("symlink points outside the repository")
	errSymlinkGit     = errors.New("symlink into .git")
)

// maxLinkTarget bounds a symlink's target, like the kernel's PATH_MAX.
const maxLinkTarget = 4096

// isGitPath reports whether a slash-separated path has a component named
// .git, in any case.
func isGitPath(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if snapshot.IsGitName(part) {
			return true
		}
	}
	return false
}

// CommitFS returns the tree of a commit as an fs.FS, read straight from git
// objects without a checkout. Directories are decoded when first visited
// and blobs are read when a file is opened, so the cost follows what
// collectors read, not the size of the repository.
//
// The file system implements fs.ReadDirFS, fs.StatFS, fs.ReadFileFS and
// fs.ReadLinkFS. Symlinks are blobs whose content is the target; Open and
// Stat follow them inside the tree and refuse to leave it, Lstat and
// ReadLink do not follow them. Submodules appear as empty directories.
// Every file's modification time is the commit's committer time. It is safe
// for concurrent use.
func CommitFS(repo *git.Repository, hash plumbing.Hash) (fs.FS, error) {
	commit, err := repo.CommitObject(hash)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", hash, err)
	}
	return commitTreeFS(repo.Storer, commit)
}

func commitTreeFS(s storer.EncodedObjectStorer, commit *object.Commit) (*commitFS, error) {
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("tree of commit %s: %w", commit.Hash, err)
	}
	d, err := indexTree(tree)
	if err != nil {
		return nil, fmt.Errorf("%w in commit %s", err, commit.Hash)
	}
	return &commitFS{
		s:       s,
		commit:  commit.Hash,
		root:    node{name: ".", mode: filemode.Dir, hash: tree.Hash},
		modTime: commit.Committer.When,
		dirs:    map[plumbing.Hash]*dirIndex{tree.Hash: d},
		sizes:   map[plumbing.Hash]int64{},
	}, nil
}

type commitFS struct {
	s       storer.EncodedObjectStorer
	commit  plumbing.Hash
	root    node
	modTime time.Time

	mu    sync.Mutex
	dirs  map[plumbing.Hash]*dirIndex
	sizes map[plumbing.Hash]int64 // blob sizes already looked up

	// release gives back what the clone under the file system holds in
	// memory beyond its pack (Close); nil for none.
	release func()
}

// Close drops what a clone keeps in memory to serve reads (inflated.go),
// once the scan of its repository is done: files read afterwards come
// from the pack. It never fails; the file system stays usable.
func (f *commitFS) Close() error {
	f.mu.Lock()
	c := f.release
	f.release = nil
	f.mu.Unlock()
	if c != nil {
		c()
	}
	return nil
}

// node is one entry of a tree.
type node struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// dirIndex is a decoded tree: entries sorted by name (fs order, not git's)
// and an index by name.
type dirIndex struct {
	entries []node
	byName  map[string]int
}

// indexTree refuses entries no real tree holds: an empty name, ".", "..",
// ".git" in any case, or a name with "/" (walking "." forever overflowed
// the stack of a whole scan). Git refuses them too.
func indexTree(t *object.Tree) (*dirIndex, error) {
	d := &dirIndex{entries: make([]node, 0, len(t.Entries)), byName: make(map[string]int, len(t.Entries))}
	for _, e := range t.Entries {
		if e.Name == "" || e.Name == "." || e.Name == ".." || strings.ContainsAny(e.Name, "/\x00") || snapshot.IsGitName(e.Name) {
			return nil, fmt.Errorf("%w %q in tree %s", snapshot.ErrInvalidTreeEntry, e.Name, t.Hash)
		}
		d.entries = append(d.entries, node{name: e.Name, mode: e.Mode, hash: e.Hash})
	}
	sort.Slice(d.entries, func(i, j int) bool { return d.entries[i].name < d.entries[j].name })
	for i, e := range d.entries {
		d.byName[e.name] = i
	}
	return d, nil
}

func (n node) isDir() bool { return n.mode == filemode.Dir || n.mode == filemode.Submodule }

func (n node) fileMode() fs.FileMode {
	switch n.mode {
	case filemode.Dir, filemode.Submodule:
		return fs.ModeDir | 0o755
	case filemode.Executable:
		return 0o755
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	default:
		return 0o644
	}
}

// dir returns the decoded tree of a directory node (empty for a submodule).
func (f *commitFS) dir(n node) (*dirIndex, error) {
	if n.mode == filemode.Submodule {
		return &dirIndex{}, nil
	}
	f.mu.Lock()
	d, ok := f.dirs[n.hash]
	f.mu.Unlock()
	if ok {
		return d, nil
	}
	t, err := object.GetTree(f.s, n.hash)
	if err != nil {
		if errors.Is(err, object.ErrMalformedTree) {
			return nil, fmt.Errorf("%w (%v) in commit %s", snapshot.ErrInvalidTreeEntry, err, f.commit)
		}
		return nil, err
	}
	d, err = indexTree(t)
	if err != nil {
		return nil, fmt.Errorf("%w in commit %s", err, f.commit)
	}
	f.mu.Lock()
	f.dirs[n.hash] = d
	f.mu.Unlock()
	return d, nil
}

// readBlob reads a whole blob of at most limit bytes. The size comes from
// the object's header and is checked before any content is read.
func (f *commitFS) readBlob(n node, limit int64) ([]byte, error) {
	f.mu.Lock()
	size, ok := f.sizes[n.hash]
	f.mu.Unlock()
	if !ok {
		var err error
		if size, err = f.s.EncodedObjectSize(n.hash); err != nil {
			return nil, err
		}
	}
	if size > limit {
		return nil, fmt.Errorf("blob %s is %d bytes, over the %d that may be read", n.hash, size, limit)
	}
	b, err := object.GetBlob(f.s, n.hash)
	if err != nil {
		return nil, err
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, 0, b.Size)
	buf := make([]byte, 32<<10)
	for {
		k, err := r.Read(buf)
		data = append(data, buf[:k]...)
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// resolve finds name. Symlinks in the middle of the path are always
// followed; the last element only when follow is set.
func (f *commitFS) resolve(op, name string, follow bool) (node, error) {
	if !fs.ValidPath(name) {
		return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return f.root, nil
	}
	pending := strings.Split(name, "/")
	var dirs []string // the resolved path so far
	cur := f.root
	hops := 0
	for len(pending) > 0 {
		elem := pending[0]
		pending = pending[1:]
		if !cur.isDir() {
			return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		d, err := f.dir(cur)
		if err != nil {
			return node{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		i, ok := d.byName[elem]
		if !ok {
			return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		next := d.entries[i]
		if next.mode != filemode.Symlink || (len(pending) == 0 && !follow) {
			dirs = append(dirs, elem)
			cur = next
			continue
		}
		if hops++; hops > maxFSSymlinkHops {
			return node{}, &fs.PathError{Op: op, Path: name, Err: errors.New("too many levels of symbolic links")}
		}
		target, err := f.readBlob(next, maxLinkTarget)
		if err != nil {
			return node{}, &fs.PathError{Op: op, Path: name, Err: err}
		}
		if isGitPath(string(target)) {
			return node{}, &fs.PathError{Op: op, Path: name, Err: errSymlinkGit}
		}
		joined := path.Join(strings.Join(dirs, "/"), string(target))
		if path.IsAbs(string(target)) || joined == ".." || strings.HasPrefix(joined, "../") {
			return node{}, &fs.PathError{Op: op, Path: name, Err: errSymlinkOutside}
		}
		// Start again from the root with the target and what is left.
		var rest []string
		if joined != "." {
			rest = strings.Split(joined, "/")
		}
		pending = append(rest, pending...)
		dirs, cur = nil, f.root
	}
	return cur, nil
}

// info describes n under the name the caller used.
func (f *commitFS) info(name string, n node) (*gitFileInfo, error) {
	fi := &gitFileInfo{name: path.Base(name), mode: n.fileMode(), modTime: f.modTime}
	if !n.isDir() {
		size, err := f.blobSize(n)
		if err != nil {
			return nil, err
		}
		fi.size = size
	}
	return fi, nil
}

// blobSize is the size of blob n, remembered: a walk asks for every
// file's size and reading a file asks again.
func (f *commitFS) blobSize(n node) (int64, error) {
	f.mu.Lock()
	size, ok := f.sizes[n.hash]
	f.mu.Unlock()
	if ok {
		return size, nil
	}
	var err error
	if size, err = f.s.EncodedObjectSize(n.hash); err != nil {
		return 0, err
	}
	f.mu.Lock()
	f.sizes[n.hash] = size
	f.mu.Unlock()
	return size, nil
}

// Open opens a file or directory, following symlinks inside the tree.
func (f *commitFS) Open(name string) (fs.File, error) {
	n, err := f.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	fi, err := f.info(name, n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if n.isDir() {
		return &gitDir{fsys: f, node: n, info: fi, path: name}, nil
	}
	b, err := object.GetBlob(f.s, n.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	r, err := b.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &gitFile{info: fi, r: r, path: name}, nil
}

// ReadFile reads a whole file, following symlinks inside the tree.
func (f *commitFS) ReadFile(name string) ([]byte, error) {
	n, err := f.resolve("read", name, true)
	if err != nil {
		return nil, err
	}
	if n.isDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	data, err := f.readBlob(n, snapshot.MaxFileSize)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

var errIsDir = errors.New("is a directory")

// ReadDir lists a directory sorted by name.
func (f *commitFS) ReadDir(name string) ([]fs.DirEntry, error) {
	n, err := f.resolve("readdir", name, true)
	if err != nil {
		return nil, err
	}
	return f.readDir(name, n)
}

func (f *commitFS) readDir(name string, n node) ([]fs.DirEntry, error) {
	if !n.isDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	d, err := f.dir(n)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	out := make([]fs.DirEntry, len(d.entries))
	for i, e := range d.entries {
		out[i] = gitDirEntry{fsys: f, node: e}
	}
	return out, nil
}

// Stat describes a file, following symlinks inside the tree.
func (f *commitFS) Stat(name string) (fs.FileInfo, error) {
	n, err := f.resolve("stat", name, true)
	if err != nil {
		return nil, err
	}
	fi, err := f.info(name, n)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return fi, nil
}

// Lstat describes a file without following a final symlink.
func (f *commitFS) Lstat(name string) (fs.FileInfo, error) {
	n, err := f.resolve("lstat", name, false)
	if err != nil {
		return nil, err
	}
	fi, err := f.info(name, n)
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: err}
	}
	return fi, nil
}

// ReadLink returns a symlink's target as stored in the commit.
func (f *commitFS) ReadLink(name string) (string, error) {
	n, err := f.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	target, err := f.readBlob(n, maxLinkTarget)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(target), nil
}

var (
	_ fs.ReadDirFS  = (*commitFS)(nil)
	_ fs.ReadFileFS = (*commitFS)(nil)
	_ fs.StatFS     = (*commitFS)(nil)
	_ fs.ReadLinkFS = (*commitFS)(nil)
)

type gitFileInfo struct {
	name    string
	size    int64
	mode    fs.FileMode
	modTime time.Time
}

func (i *gitFileInfo) Name() string       { return i.name }
func (i *gitFileInfo) Size() int64        { return i.size }
func (i *gitFileInfo) Mode() fs.FileMode  { return i.mode }
func (i *gitFileInfo) ModTime() time.Time { return i.modTime }
func (i *gitFileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *gitFileInfo) Sys() any           { return nil }

type gitDirEntry struct {
	fsys *commitFS
	node node
}

func (e gitDirEntry) Name() string      { return e.node.name }
func (e gitDirEntry) IsDir() bool       { return e.node.isDir() }
func (e gitDirEntry) Type() fs.FileMode { return e.node.fileMode().Type() }
func (e gitDirEntry) Info() (fs.FileInfo, error) {
	return e.fsys.info(e.node.name, e.node)
}
func (e gitDirEntry) String() string { return fs.FormatDirEntry(e) }

// gitFile is an open blob.
type gitFile struct {
	info   *gitFileInfo
	r      io.ReadCloser
	path   string
	closed bool
}

func (f *gitFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *gitFile) Read(p []byte) (int, error) {
	if f.closed {
		return 0, &fs.PathError{Op: "read", Path: f.path, Err: fs.ErrClosed}
	}
	return f.r.Read(p)
}

func (f *gitFile) Close() error {
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.path, Err: fs.ErrClosed}
	}
	f.closed = true
	return f.r.Close()
}

// gitDir is an open directory.
type gitDir struct {
	fsys    *commitFS
	node    node
	info    *gitFileInfo
	path    string
	entries []fs.DirEntry
	read    bool
	offset  int
}

func (d *gitDir) Stat() (fs.FileInfo, error) { return d.info, nil }

func (d *gitDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.path, Err: errIsDir}
}

func (d *gitDir) Close() error { return nil }

func (d *gitDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		entries, err := d.fsys.readDir(d.path, d.node)
		if err != nil {
			return nil, err
		}
		d.entries, d.read = entries, true
	}
	rest := d.entries[d.offset:]
	if n <= 0 {
		d.offset = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.offset += len(rest)
	return rest, nil
}

// OpenLocalCommit opens the repository that contains dir (looking upwards
// for .git, worktrees included) and returns the tree of rev as an fs.FS,
// rooted at dir's place in the repository, with what the repository knows
// about itself. rev is anything git's rev-parse understands for a commit
// that go-git supports: a branch, a tag, a full or short SHA, origin/HEAD,
// HEAD~1.
func OpenLocalCommit(dir, rev string) (fs.FS, facts.RepoInfo, error) {
	repo, root, err := openLocalRepo(dir)
	if err != nil {
		return nil, facts.RepoInfo{}, err
	}
	hash, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, facts.RepoInfo{}, fmt.Errorf("resolve %s in %s: %w", rev, dir, err)
	}
	var fsys fs.FS
	if fsys, err = CommitFS(repo, *hash); err != nil {
		return nil, facts.RepoInfo{}, fmt.Errorf("%s: %w", dir, err)
	}
	abs, err := canonicalPath(dir)
	if err != nil {
		return nil, facts.RepoInfo{}, err
	}
	if root != "" {
		rel, err := filepath.Rel(root, abs)
		if err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			if fsys, err = fs.Sub(fsys, filepath.ToSlash(rel)); err != nil {
				return nil, facts.RepoInfo{}, err
			}
		}
	}
	info := localRepoInfo(repo)
	info.Name = filepath.Base(abs)
	info.Commit = hash.String()
	return fsys, info, nil
}

// LocalHead returns the commit HEAD names in the repository that contains
// dir. It reads HEAD and the reference it names, no object: opening the
// commit (OpenLocalCommit) reads the packs' indexes, a cost that grows
// with the repository's history, for a hash the reference already holds.
func LocalHead(dir string) (string, error) {
	repo, err := openEnclosingRepo(dir)
	if err != nil {
		return "", err
	}
	ref, err := repo.Head()
	if err != nil {
		return "", fmt.Errorf("resolve HEAD in %s: %w", dir, err)
	}
	return ref.Hash().String(), nil
}

// mergeBaseHash returns the best common ancestor of HEAD and baseRef in the
// repository that contains dir. When there are several (criss-cross
// merges), the most recently committed one is chosen, ties broken by hash,
// so that the answer is stable.
func mergeBaseHash(dir, baseRef string) (plumbing.Hash, error) {
	repo, _, err := openLocalRepo(dir)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	headHash, err := repo.ResolveRevision(plumbing.Revision(plumbing.HEAD))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("resolve HEAD in %s: %w", dir, err)
	}
	baseHash, err := repo.ResolveRevision(plumbing.Revision(baseRef))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("resolve %s in %s: %w", baseRef, dir, err)
	}
	head, err := repo.CommitObject(*headHash)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", dir, err)
	}
	base, err := repo.CommitObject(*baseHash)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", dir, err)
	}
	bases, err := head.MergeBase(base)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("merge base of HEAD and %s in %s: %w", baseRef, dir, err)
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, fmt.Errorf("merge base of HEAD and %s in %s: no common ancestor", baseRef, dir)
	}
	sort.Slice(bases, func(i, j int) bool {
		a, b := bases[i].Committer.When, bases[j].Committer.When
		if !a.Equal(b) {
			return a.After(b)
		}
		return bases[i].Hash.String() < bases[j].Hash.String()
	})
	return bases[0].Hash, nil
}

// DefaultBaseRef names the default branch of the repository that contains
// dir as seen from the clone: origin/HEAD when the remote's HEAD is known,
// else the first of origin/main, origin/master, main, master that exists.
func DefaultBaseRef(dir string) (string, error) {
	repo, _, err := openLocalRepo(dir)
	if err != nil {
		return "", err
	}
	for _, name := range []string{"refs/remotes/origin/HEAD", "refs/remotes/origin/main",
		"refs/remotes/origin/master", "refs/heads/main", "refs/heads/master"} {
		if _, err := repo.Reference(plumbing.ReferenceName(name), true); err == nil {
			return strings.TrimPrefix(strings.TrimPrefix(name, "refs/remotes/"), "refs/heads/"), nil
		}
	}
	return "", fmt.Errorf("%s: no default branch found (no origin/HEAD, main or master)", dir)
}

// OriginURL is the first URL of the origin remote of the repository that
// contains dir.
func OriginURL(dir string) (string, error) {
	repo, _, err := openLocalRepo(dir)
	if err != nil {
		return "", err
	}
	r, err := repo.Remote("origin")
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	if urls := r.Config().URLs; len(urls) > 0 {
		return urls[0], nil
	}
	return "", fmt.Errorf("%s: the origin remote has no URL", dir)
}

// openEnclosingRepo opens the repository containing dir (dir or a folder
// above it; a linked worktree's common folder too), reading nothing but
// its configuration.
func openEnclosingRepo(dir string) (*git.Repository, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	return repo, nil
}

// openLocalRepo opens the repository containing dir and returns its
// working-tree root ("" for a bare repository).
func openLocalRepo(dir string) (*git.Repository, string, error) {
	repo, err := openEnclosingRepo(dir)
	if err != nil {
		return nil, "", err
	}
	repo = keepPacksOpen(repo)
	wt, err := repo.Worktree()
	if err != nil {
		return repo, "", nil
	}
	root, err := canonicalPath(wt.Filesystem.Root())
	if err != nil {
		return nil, "", err
	}
	return repo, root, nil
}

// keepPacksOpen reopens repo on the same folders with its pack files kept
// open: by default go-git opens and closes the pack for every object it
// reads, which on a 5,000-file tree is most of the cost of reading a
// commit. The descriptors are closed when the storage, which every file
// system opened on the repository holds, is garbage collected.
func keepPacksOpen(repo *git.Repository) *git.Repository {
	fsStore, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return repo
	}
	var wtFS billy.Filesystem
	if wt, err := repo.Worktree(); err == nil {
		wtFS = wt.Filesystem
	}
	// The clones' storage (packindex.go), opened only to read here: big
	// objects read lazily, packs kept open.
	st := newBoundedStorage(context.Background(), fsStore.Filesystem(), true)
	kept, err := git.Open(st, wtFS)
	if err != nil {
		return repo
	}
	runtime.SetFinalizer(st.Storage, func(st *filesystem.Storage) { _ = st.Close() })
	return kept
}

func canonicalPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		return resolved, nil
	}
	return abs, nil
}

// localRepoInfo reads what a local repository says about its origin.
func localRepoInfo(repo *git.Repository) facts.RepoInfo {
	var info facts.RepoInfo
	if remote, err := repo.Remote("origin"); err == nil && len(remote.Config().URLs) > 0 {
		info.URL = RedactURL(remote.Config().URLs[0])
	}
	if ref, err := repo.Reference("refs/remotes/origin/HEAD", false); err == nil && ref.Type() == plumbing.SymbolicReference {
		info.DefaultBranch = strings.TrimPrefix(ref.Target().String(), "refs/remotes/origin/")
	}
	return info
}
