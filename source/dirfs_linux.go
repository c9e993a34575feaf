package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/scoredev/score/snapshot"
)

// dirFS is os.Root's file system plus snapshot.RegularReader: a file is
// read with one openat2 confined beneath the folder (RESOLVE_BENEATH) that
// follows no symlink at all, then fstat, read and close. os.Root opens
// every component of the path in turn, and the tree checked the file with
// Lstat, another such walk, before opening it: on a scan that reads every
// file, those system calls were a fifth of score check's time on a large
// tree. What openat2 refuses (a symlink, an escape, an old kernel) goes the
// os.Root way, so the results and errors stay os.Root's.
type dirFS struct {
	root *os.Root // kept open with the fs
	rfs  fs.FS
	fd   int         // the folder, O_PATH
	no2  atomic.Bool // openat2 is not available here
}

func withRegularReads(root *os.Root, dir string) fs.FS {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return root.FS()
	}
	d := &dirFS{root: root, rfs: root.FS(), fd: fd}
	runtime.AddCleanup(d, func(fd int) { unix.Close(fd) }, fd)
	return d
}

func (d *dirFS) Open(name string) (fs.File, error)          { return d.rfs.Open(name) }
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.rfs, name) }
func (d *dirFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(d.rfs, name) }
func (d *dirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.rfs, name) }
func (d *dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.rfs, name) }
func (d *dirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.rfs, name) }

// ReadRegular implements snapshot.RegularReader.
func (d *dirFS) ReadRegular(name string, admit func(fs.FileMode, int64) (int64, error)) ([]byte, bool, error) {
	if d.no2.Load() || !fs.ValidPath(name) || name == "." {
		return nil, false, nil
	}
	how := unix.OpenHow{
		// O_NONBLOCK: a pipe swapped in after the walk must not block
		// the open; it is then refused as not regular.
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	var fd int
	for {
		var err error
		fd, err = unix.Openat2(d.fd, name, &how)
		if err == nil {
			break
		}
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) && !d.fdWorks() {
			d.no2.Store(true)
		}
		return nil, false, nil
	}
	defer unix.Close(fd)
	defer runtime.KeepAlive(d)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, false, nil
	}
	mode := fs.FileMode(0o777 & st.Mode)
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		mode |= fs.ModeIrregular
	}
	limit, err := admit(mode, st.Size)
	if err != nil {
		return nil, true, err
	}
	data, err := snapshot.ReadUpTo(fdReader(fd), st.Size, limit)
	if err != nil {
		return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, true, nil
}

// fdWorks tells a seccomp filter that refuses openat2 (EPERM) from a file
// that may not be opened: the folder itself must open.
func (d *dirFS) fdWorks() bool {
	fd, err := unix.Openat2(d.fd, ".", &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH})
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
}

type fdReader int

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(int(r), p)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
