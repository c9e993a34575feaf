package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// outTarget is what an output path names, decided before anything is
// written to it.
type outTarget struct {
	// path is where to write: the path given, or for a symbolic link to a
	// regular file the file it resolves to.
	path string
	// inPlace is set for anything that is not a regular file or a new path
	// (a character device such as /dev/full or /dev/stdout, a FIFO): it is
	// opened and written as it is, never replaced.
	inPlace bool
}

// resolveOut decides how to write path. A regular file or a new path is
// replaced atomically. A symbolic link is written through: when it leads to
// a regular file, that file (not the link) is replaced atomically; when it
// leads to a device or FIFO (/dev/stdout), that is written in place; a link
// to nothing is refused. Anything else that is not a regular file is
// written in place; a folder is refused.
func resolveOut(path string) (outTarget, error) {
	li, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return outTarget{path: path}, nil
	}
	if err != nil {
		return outTarget{}, err
	}
	fi := li
	if li.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return outTarget{}, fmt.Errorf("%s is a symbolic link to a missing file; give the file itself", path)
			}
			return outTarget{}, err
		}
	}
	switch {
	case fi.IsDir():
		return outTarget{}, fmt.Errorf("%s is a folder", path)
	case fi.Mode().IsRegular() && li.Mode()&fs.ModeSymlink != 0:
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return outTarget{}, err
		}
		return outTarget{path: real}, nil
	case fi.Mode().IsRegular():
		return outTarget{path: path}, nil
	default:
		return outTarget{path: path, inPlace: true}, nil
	}
}

// writeFileAtomic writes an output file. A regular file (or a new path) is
// written through a temporary file in the same folder and renamed into
// place, so a reader never sees half a report; a symbolic link is written
// through to its target; a device or FIFO is written in place (see
// resolveOut). Every write error is returned, so that a full disk or
// /dev/full is an error, never a silent success.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	t, err := resolveOut(path)
	if err != nil {
		return err
	}
	if t.inPlace {
		return writeInPlace(t.path, write)
	}
	tmp, err := os.CreateTemp(filepath.Dir(t.path), ".score-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), t.path)
}

// writeInPlace opens an existing special file for writing, without
// creating or truncating anything, and writes to it.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// partialPath is where 'score scan' streams finished rows while it runs:
// beside the file OUT resolves to, or nowhere ("") when OUT is a device or
// FIFO, which has no folder of its own to put a file in.
func partialPath(out string) (string, error) {
	t, err := resolveOut(out)
	if err != nil {
		return "", err
	}
	if t.inPlace {
		return "", nil
	}
	return t.path + ".partial", nil
}
