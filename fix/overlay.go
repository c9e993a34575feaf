package fix

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"
	"time"
)

// Overlay is base with changes laid over it: the repository as it would be
// after Apply, for scoring a plan before anything is written.
func Overlay(base fs.FS, changes []Change) fs.FS {
	m := fstest.MapFS{}
	for _, c := range changes {
		m[c.Path] = &fstest.MapFile{Data: c.New, Mode: fs.FileMode(max(c.Mode, 0o644)), ModTime: time.Time{}}
	}
	return &overlay{base: base, over: m}
}

type overlay struct {
	base fs.FS
	over fstest.MapFS
}

func (o *overlay) has(name string) bool {
	if _, ok := o.over[name]; ok {
		return true
	}
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	for p := range o.over {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

func (o *overlay) Open(name string) (fs.File, error) {
	if _, ok := o.over[name]; ok {
		return o.over.Open(name)
	}
	f, err := o.base.Open(name)
	if err == nil || !o.has(name) {
		return f, err
	}
	return o.over.Open(name) // a folder only the changes create
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if _, ok := o.over[name]; ok {
		return fs.Stat(o.over, name)
	}
	info, err := fs.Stat(o.base, name)
	if err == nil || !o.has(name) {
		return info, err
	}
	return fs.Stat(o.over, name)
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if f, ok := o.over[name]; ok {
		return slices.Clone(f.Data), nil
	}
	return fs.ReadFile(o.base, name)
}

// ReadLink and Lstat keep the base's symbolic links visible to the
// collectors, which report them.
func (o *overlay) ReadLink(name string) (string, error) {
	if _, ok := o.over[name]; ok {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadLink(o.base, name)
}

func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if _, ok := o.over[name]; ok {
		return fs.Stat(o.over, name)
	}
	info, err := fs.Lstat(o.base, name)
	if err == nil || !o.has(name) {
		return info, err
	}
	return fs.Stat(o.over, name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, baseErr := fs.ReadDir(o.base, name)
	if !o.has(name) || name != "." && o.over[name] != nil {
		return entries, baseErr
	}
	extra, err := fs.ReadDir(o.over, name)
	if err != nil {
		return entries, baseErr
	}
	if baseErr != nil && !errors.Is(baseErr, fs.ErrNotExist) {
		return nil, baseErr
	}
	byName := map[string]int{}
	for i, e := range entries {
		byName[e.Name()] = i
	}
	for _, e := range extra {
		if i, ok := byName[e.Name()]; ok {
			if !e.IsDir() {
				entries[i] = e
			}
			continue
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}
