//go:build unix

package engine

import (
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// mappedEntry is a load cache entry mapped read-only: a load decodes the
// plans and touches nothing else, and the compiled modules are read only
// if topdown is needed. The mapping is released when the entry is no
// longer reachable; a file renamed over it or removed meanwhile (another
// process rewriting or pruning the cache) leaves the mapping as it was.
type mappedEntry struct{ b []byte }

func mapEntry(path string, limit int64) (*mappedEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > limit {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, limit)
	}
	if info.Size() == 0 {
		return &mappedEntry{}, nil
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ, unix.MAP_PRIVATE)
	if err != nil {
		// A file system that cannot map: read it.
		if b, err = readCapped(path, limit); err != nil {
			return nil, err
		}
		return &mappedEntry{b: b}, nil
	}
	m := &mappedEntry{b: b}
	runtime.AddCleanup(m, func(b []byte) { _ = unix.Munmap(b) }, b)
	return m, nil
}
