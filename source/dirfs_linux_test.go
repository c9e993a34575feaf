package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/scoredev/score/snapshot"
)

// TestDirFSRegularReads: the one-call read serves plain files, refuses a
// pipe as not regular, and leaves symlinks, escapes and missing files to
// os.Root.
func TestDirFSRegularReads(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a/b/c"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a/b/c/deep.txt"), []byte("deep"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644))
	must(os.Symlink("b/c/deep.txt", filepath.Join(dir, "a/link")))
	must(os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "escape")))
	must(syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644))

	fsys, err := DirFS(dir)
	must(err)
	root, err := os.OpenRoot(dir)
	must(err)
	rr, ok := fsys.(snapshot.RegularReader)
	if !ok {
		t.Fatal("DirFS is not a RegularReader on Linux")
	}
	admit := func(mode fs.FileMode, size int64) (int64, error) {
		if !mode.IsRegular() {
			return 0, snapshot.ErrNotRegular
		}
		return size + 1, nil
	}
	data, handled, err := rr.ReadRegular("a/b/c/deep.txt", admit, nil)
	if !handled || err != nil || string(data) != "deep" {
		t.Errorf("deep file: %q, handled %v, %v", data, handled, err)
	}
	if _, handled, err := rr.ReadRegular("pipe", admit, nil); !handled || !errors.Is(err, snapshot.ErrNotRegular) {
		t.Errorf("pipe: handled %v, %v; want refused as not regular, without blocking", handled, err)
	}
	for _, name := range []string{"a/link", "escape", "missing", "../" + filepath.Base(outside) + "/secret", "/etc/passwd", "."} {
		if data, handled, _ := rr.ReadRegular(name, admit, nil); handled || data != nil {
			t.Errorf("%s: handled %v, read %q; want it left to os.Root", name, handled, data)
		}
	}
	// Listing a folder gives os.Root's entries: names in order, types,
	// and for regular files their size.
	for _, dir := range []string{".", "a", "a/b/c"} {
		got, err := fs.ReadDir(fsys, dir)
		must(err)
		want, err := fs.ReadDir(root.FS(), dir)
		must(err)
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, os.Root %d", dir, len(got), len(want))
		}
		for i := range got {
			if got[i].Name() != want[i].Name() || got[i].Type() != want[i].Type() {
				t.Errorf("%s: entry %d is %s %v, os.Root %s %v", dir, i, got[i].Name(), got[i].Type(), want[i].Name(), want[i].Type())
			}
			gi, err1 := got[i].Info()
			wi, err2 := want[i].Info()
			if err1 != nil || err2 != nil || gi.Mode() != wi.Mode() || gi.Mode().IsRegular() && gi.Size() != wi.Size() {
				t.Errorf("%s/%s: info %v %v, os.Root %v %v", dir, got[i].Name(), gi, err1, wi, err2)
			}
		}
	}
	if _, err := fs.ReadDir(fsys, "escape"); err == nil {
		t.Error("listed a folder through a symlink out of the repository")
	}
	// The tree over it reads the same as over os.Root alone.
	for _, fsys := range []fs.FS{fsys, root.FS()} {
		tree, err := snapshot.NewTree(fsys)
		must(err)
		if b, err := tree.Read("a/b/c/deep.txt"); err != nil || string(b) != "deep" {
			t.Errorf("%T: deep file %q, %v", fsys, b, err)
		}
		if _, err := tree.Read("escape"); err == nil {
			t.Errorf("%T: a symlink out of the folder was read", fsys)
		}
	}
}
