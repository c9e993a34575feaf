//go:build unix

package engine

import (
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
	f, size, err := openCapped(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size == 0 {
		return &mappedEntry{}, nil
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_PRIVATE)
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
