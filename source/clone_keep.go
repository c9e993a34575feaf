package source

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
)

// keptFS is the file system of a clone's temporary object folder, made to
// outlive the folder. cloneMemory removes the folder as soon as the clone
// is open, so that nothing is left on disk whatever happens next; but
// go-git reads every object over 16 KiB lazily and reopens its pack file
// by name to do so, which fails once the folder is gone ("open
// .../objects/pack/pack-....pack: no such file or directory" for every
// file of a served repository over 16 KiB). keep opens the pack files
// while they still exist; Open then serves them from those descriptors.
type keptFS struct {
	billy.Filesystem
	mu   sync.Mutex
	kept map[string]*os.File // by cleaned path under the root
}

func newKeptFS(fs billy.Filesystem) *keptFS {
	return &keptFS{Filesystem: fs, kept: map[string]*os.File{}}
}

// keep opens every pack file under root/objects/pack (root is the folder
// fs is rooted at) and keeps it open until close.
func (k *keptFS) keep(root string) error {
	packs, err := filepath.Glob(filepath.Join(root, "objects", "pack", "*.pack"))
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, p := range packs {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			_ = f.Close()
			return err
		}
		k.kept[filepath.Clean(rel)] = f
	}
	return nil
}

// Open serves a kept pack file from its descriptor, anything else from
// the folder.
func (k *keptFS) Open(name string) (billy.File, error) {
	k.mu.Lock()
	f := k.kept[filepath.Clean(strings.TrimPrefix(name, "/"))]
	k.mu.Unlock()
	if f == nil {
		return k.Filesystem.Open(name)
	}
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return &keptFile{name: name, SectionReader: io.NewSectionReader(f, 0, info.Size())}, nil
}

// close closes the kept descriptors.
func (k *keptFS) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for p, f := range k.kept {
		_ = f.Close()
		delete(k.kept, p)
	}
}

// keptFile is one reader of a kept pack file; closing it leaves the
// descriptor open for the next.
type keptFile struct {
	name string
	*io.SectionReader
}

var errReadOnlyPack = errors.New("kept pack file is read-only")

func (f *keptFile) Name() string              { return f.name }
func (f *keptFile) Write([]byte) (int, error) { return 0, errReadOnlyPack }
func (f *keptFile) Close() error              { return nil }
func (f *keptFile) Lock() error               { return nil }
func (f *keptFile) Unlock() error             { return nil }
func (f *keptFile) Truncate(size int64) error { return errReadOnlyPack }
