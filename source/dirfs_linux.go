package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

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

func (d *dirFS) Open(name string) (fs.File, error)      { return d.rfs.Open(name) }
func (d *dirFS) ReadFile(name string) ([]byte, error)   { return fs.ReadFile(d.rfs, name) }
func (d *dirFS) ReadLink(name string) (string, error)   { return fs.ReadLink(d.rfs, name) }
func (d *dirFS) Stat(name string) (fs.FileInfo, error)  { return fs.Stat(d.rfs, name) }
func (d *dirFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.rfs, name) }

// ReadDir lists a folder with one openat2 (as ReadRegular: beneath the
// root, no symlink followed) and getdents, and stats its regular files
// relative to it; what openat2 refuses goes the os.Root way.
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if entries, ok := d.readDir(name); ok {
		return entries, nil
	}
	return fs.ReadDir(d.rfs, name)
}

func (d *dirFS) readDir(name string) ([]fs.DirEntry, bool) {
	if d.no2.Load() || !fs.ValidPath(name) {
		return nil, false
	}
	fd, err := openat2(d.fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC|unix.O_NOFOLLOW)
	if err != nil {
		return nil, false
	}
	defer unix.Close(fd)
	defer runtime.KeepAlive(d)
	var entries []fs.DirEntry
	buf := make([]byte, 16<<10)
	for {
		n, err := unix.Getdents(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			break
		}
		for b := buf[:n]; len(b) > 0; {
			e, rest, ok := parseDirent(b)
			if !ok {
				return nil, false
			}
			b = rest
			e.dir, e.fsys = name, d
			if e.name == "." || e.name == ".." {
				continue
			}
			if e.typ == unix.DT_UNKNOWN || e.typ == unix.DT_REG {
				var st unix.Stat_t
				if err := unix.Fstatat(fd, e.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					return nil, false
				}
				e.info = statInfo(e.name, &st)
			}
			entries = append(entries, e)
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, true
}

// parseDirent reads one linux_dirent64 off b.
func parseDirent(b []byte) (*dirEntry, []byte, bool) {
	const nameOff = 19 // d_ino 8, d_off 8, d_reclen 2, d_type 1
	if len(b) < nameOff {
		return nil, nil, false
	}
	reclen := int(binary.NativeEndian.Uint16(b[16:18]))
	if reclen < nameOff || reclen > len(b) {
		return nil, nil, false
	}
	name := b[nameOff:reclen]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return &dirEntry{name: string(name), typ: b[18]}, b[reclen:], true
}

// dirEntry is one entry read with getdents: its type from d_type, and for
// a regular file (or one of unknown type) what fstatat said.
type dirEntry struct {
	name string
	typ  uint8
	info *fileInfo
	dir  string // the folder listed, for Info of other entries
	fsys *dirFS
}

func (e *dirEntry) Name() string { return e.name }
func (e *dirEntry) IsDir() bool  { return e.Type().IsDir() }

func (e *dirEntry) Type() fs.FileMode {
	if e.info != nil {
		return e.info.mode.Type()
	}
	switch e.typ {
	case unix.DT_DIR:
		return fs.ModeDir
	case unix.DT_LNK:
		return fs.ModeSymlink
	case unix.DT_FIFO:
		return fs.ModeNamedPipe
	case unix.DT_SOCK:
		return fs.ModeSocket
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.DT_BLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

func (e *dirEntry) Info() (fs.FileInfo, error) {
	if e.info != nil {
		return e.info, nil
	}
	return e.fsys.Lstat(path.Join(e.dir, e.name))
}

type fileInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func statInfo(name string, st *unix.Stat_t) *fileInfo {
	mode := fs.FileMode(st.Mode & 0o777)
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	default:
		mode |= fs.ModeIrregular
	}
	return &fileInfo{name: name, size: st.Size, mode: mode, mtime: time.Unix(st.Mtim.Unix())}
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
func (i *fileInfo) Mode() fs.FileMode  { return i.mode }
func (i *fileInfo) ModTime() time.Time { return i.mtime }
func (i *fileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *fileInfo) Sys() any           { return nil }

// openat2 opens name beneath dir, following no symlink.
func openat2(dir int, name string, flags int) (int, error) {
	how := unix.OpenHow{
		Flags:   uint64(flags),
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	for {
		fd, err := unix.Openat2(dir, name, &how)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		return fd, err
	}
}

// ReadRegular implements snapshot.RegularReader.
func (d *dirFS) ReadRegular(name string, admit func(fs.FileMode, int64) (int64, error), buf []byte) ([]byte, bool, error) {
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
	data, err := snapshot.ReadUpTo(fdReader(fd), st.Size, limit, buf)
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
