package source

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// dropObject deletes the loose object of rev (a blob) from the repository,
// so that only the working tree could still give its content.
func dropObject(t *testing.T, r *gittest.Repo, rev string) {
	t.Helper()
	h := strings.TrimSpace(r.Git("rev-parse", rev))
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
}

// TestLocalCommitReadsIdenticalFilesFromWorktree: a commit of a local
// repository serves a file from the working tree only when the file there
// is a regular file with exactly the blob's content. The blobs whose
// objects are deleted below prove which way each file was read: an
// unchanged file still reads without its object; a symlink or folder link
// out of the checkout to a file with the very same bytes is never read
// (without the object the read fails); a modified file, a FIFO and a CRLF
// copy fall back to git.
func TestLocalCommitReadsIdenticalFilesFromWorktree(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("same bytes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "deep.txt"), []byte("deep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := gittest.NewRepo(t, gittest.Files{
		"same.txt":     "unchanged\n",
		"changed.txt":  "before\n",
		"gone.txt":     "deleted in the working tree\n",
		"link.txt":     "same bytes\n",
		"fifo.txt":     "was a file\n",
		"crlf.txt":     "one\ntwo\n",
		"sub/deep.txt": "deep\n",
		"big.txt":      strings.Repeat("x", 2<<20),
	})
	w := func(name, content string) {
		if err := os.WriteFile(filepath.Join(r.Dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w("changed.txt", "after\n")
	w("crlf.txt", "one\r\ntwo\r\n")
	for _, name := range []string{"gone.txt", "link.txt", "fifo.txt"} {
		if err := os.Remove(filepath.Join(r.Dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(r.Dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(r.Dir, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(r.Dir, "sub")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(r.Dir, "sub")); err != nil {
		t.Fatal(err)
	}
	dropObject(t, r, "HEAD:same.txt")
	dropObject(t, r, "HEAD:link.txt")
	dropObject(t, r, "HEAD:sub/deep.txt")

	fsys, _, err := OpenLocalCommit(r.Dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"same.txt":    "unchanged\n",
		"changed.txt": "before\n",
		"gone.txt":    "deleted in the working tree\n",
		"fifo.txt":    "was a file\n",
		"crlf.txt":    "one\ntwo\n",
	} {
		data, err := fs.ReadFile(fsys, name)
		if err != nil || string(data) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, data, err, want)
		}
		fi, err := fs.Stat(fsys, name)
		if err != nil || fi.Size() != int64(len(want)) {
			t.Errorf("Stat(%s) = %v, %v; want size %d", name, fi, err, len(want))
		}
		f, err := fsys.Open(name)
		if err != nil {
			t.Errorf("Open(%s): %v", name, err)
			continue
		}
		st, _ := f.Stat()
		f.Close()
		if st.Size() != int64(len(want)) {
			t.Errorf("Open(%s).Stat().Size() = %d; want %d", name, st.Size(), len(want))
		}
	}
	for _, name := range []string{"link.txt", "sub/deep.txt"} {
		if data, err := fs.ReadFile(fsys, name); err == nil {
			t.Errorf("ReadFile(%s) = %q: read through a link out of the checkout", name, data)
		}
	}
	// Over the read bound: refused by size, from git as before.
	if _, err := fs.ReadFile(fsys, "big.txt"); err == nil {
		t.Error("a 2 MiB file was read whole")
	}
	// A listing's sizes are the blobs' too.
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "same.txt" {
			continue
		}
		if fi, err := e.Info(); err != nil || fi.Size() != int64(len("unchanged\n")) {
			t.Errorf("same.txt entry info = %v, %v", fi, err)
		}
	}
}
