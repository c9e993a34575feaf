package fix

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
)

// ReadFile reads a repository file through root, refusing a path any of
// whose components is a symbolic link: a fix never reads or writes through
// a link, even one that stays inside the repository. A missing file is
// fs.ErrNotExist.
func ReadFile(root *os.Root, rel string) ([]byte, uint32, error) {
	if err := noLinks(root, rel); err != nil {
		return nil, 0, err
	}
	st, err := root.Stat(rel)
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%s is not a regular file; not edited", rel)
	}
	data, err := root.ReadFile(rel)
	if err != nil {
		return nil, 0, err
	}
	return data, uint32(st.Mode().Perm()), nil
}

// ReadFileFS is ReadFile for a snapshot: the same refusals, on an fs.FS.
func ReadFileFS(fsys fs.FS, rel string) ([]byte, uint32, error) {
	if !safeRel(rel) {
		return nil, 0, fmt.Errorf("%q is not a relative path inside the repository", rel)
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		st, err := fs.Lstat(fsys, path.Join(parts[:i+1]...))
		if err != nil {
			return nil, 0, err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return nil, 0, fmt.Errorf("%s is a symbolic link; score fix does not write through links", path.Join(parts[:i+1]...))
		}
		if i == len(parts)-1 && !st.Mode().IsRegular() {
			return nil, 0, fmt.Errorf("%s is not a regular file; not edited", rel)
		}
	}
	data, err := fs.ReadFile(fsys, rel)
	if err != nil {
		return nil, 0, err
	}
	return data, 0o644, nil
}

// noLinks fails when a component of rel exists and is a symbolic link.
func noLinks(root *os.Root, rel string) error {
	if !safeRel(rel) {
		return fmt.Errorf("%q is not a relative path inside the repository", rel)
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		st, err := root.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link; score fix does not write through links", p)
		}
	}
	return nil
}

// StaleError is a file that changed between computing and applying a fix.
type StaleError struct{ Path string }

func (e *StaleError) Error() string {
	return fmt.Sprintf("%s changed since the fix was computed; nothing was written (run score fix again)", e.Path)
}

// testHookRename, when set by a test, runs before each rename and may fail
// it, to exercise the rollback.
var testHookRename func(i int, path string) error

// Apply writes changes under root all or nothing. It first checks that
// every file still holds what the change was computed from (a created file
// must still be missing), then writes each new content to a temporary file
// beside its target and renames them into place. When a write or a rename
// fails, the files already renamed get their old content back (created
// ones are removed), so every file ends fully old or fully new.
func Apply(root *os.Root, changes []Change) error {
	for _, c := range changes {
		data, _, err := ReadFile(root, c.Path)
		switch {
		case c.Created && errors.Is(err, fs.ErrNotExist):
		case c.Created && err == nil:
			return &StaleError{Path: c.Path}
		case err != nil:
			return fmt.Errorf("apply: %w", err)
		case !bytes.Equal(data, c.Old):
			return &StaleError{Path: c.Path}
		}
	}
	var temps []staged
	cleanup := func() {
		for _, s := range temps {
			_ = root.Remove(s.temp)
		}
	}
	for _, c := range changes {
		if dir := path.Dir(c.Path); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				cleanup()
				return fmt.Errorf("apply: create %s: %w", dir, err)
			}
			if err := noLinks(root, c.Path); err != nil {
				cleanup()
				return fmt.Errorf("apply: %w", err)
			}
		}
		temp, err := writeTemp(root, c.Path, c.New, fs.FileMode(c.Mode))
		if err != nil {
			cleanup()
			return fmt.Errorf("apply: %w", err)
		}
		temps = append(temps, staged{c, temp})
	}
	for i, s := range temps {
		err := error(nil)
		if testHookRename != nil {
			err = testHookRename(i, s.c.Path)
		}
		if err == nil {
			err = root.Rename(s.temp, s.c.Path)
		}
		if err != nil {
			rollbackErr := rollback(root, changesOf(temps[:i]))
			for _, rest := range temps[i:] {
				_ = root.Remove(rest.temp)
			}
			return errors.Join(fmt.Errorf("apply: write %s: %w; the files already written were restored", s.c.Path, err), rollbackErr)
		}
	}
	return nil
}

// staged is a change written to a temporary file, not yet renamed.
type staged struct {
	c    Change
	temp string
}

func changesOf(list []staged) []Change {
	out := make([]Change, 0, len(list))
	for _, s := range list {
		out = append(out, s.c)
	}
	return out
}

// rollback puts the old content of already renamed files back.
func rollback(root *os.Root, done []Change) error {
	var errs []error
	for _, c := range done {
		if c.Created {
			if err := root.Remove(c.Path); err != nil {
				errs = append(errs, fmt.Errorf("roll back %s: %w", c.Path, err))
			}
			continue
		}
		temp, err := writeTemp(root, c.Path, c.Old, fs.FileMode(c.Mode))
		if err == nil {
			err = root.Rename(temp, c.Path)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("roll back %s: %w", c.Path, err))
		}
	}
	return errors.Join(errs...)
}

// writeTemp writes data to a new hidden file beside target and returns its
// path.
func writeTemp(root *os.Root, target string, data []byte, mode fs.FileMode) (string, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	temp := path.Join(path.Dir(target), "."+path.Base(target)+".score-fix-"+hex.EncodeToString(b[:]))
	if mode == 0 {
		mode = 0o644
	}
	f, err := root.OpenFile(temp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(temp, mode) // OpenFile's mode is masked by the umask
	}
	if err != nil {
		_ = root.Remove(temp)
		return "", fmt.Errorf("write %s: %w", target, err)
	}
	return temp, nil
}
