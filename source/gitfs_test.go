package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scoredev/score/internal/gittest"

	"github.com/scoredev/score/snapshot"
)

// cleanFiles is a tree whose symlinks all resolve inside it, so that
// fstest.TestFS can open everything it lists.
var cleanFiles = gittest.Files{
	"README.md":              "# svc\n",
	"go.mod":                 "module example.com/svc\n",
	"cmd/svc/main.go":        "package main\n",
	"deploy/k8s/deploy.yaml": "kind: Deployment\n",
	"scripts/run.sh":         gittest.Executable("#!/bin/sh\necho hi\n"),
	"docs/SECURITY.md":       "report to security@example.invalid\n",
	"SECURITY.md":            gittest.Symlink("docs/SECURITY.md"),
	"deploy/current":         gittest.Symlink("k8s"),
	"deploy/k8s/readme":      gittest.Symlink("../../README.md"),
	"chain":                  gittest.Symlink("SECURITY.md"),
	"a-b/x.txt":              "x\n", // sorts between "a" and "a/" in git's tree order
	"a/y.txt":                "y\n",
	"a.txt":                  "a\n",
}

func openCommit(t *testing.T, dir string) (*git.Repository, plumbing.Hash) {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	return repo, head.Hash()
}

func TestCommitFSPassesFSTest(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, cleanFiles)
	repo, hash := openCommit(t, r.Dir)
	fsys, err := CommitFS(repo, hash)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name := range cleanFiles {
		want = append(want, name)
	}
	if err := fstest.TestFS(fsys, want...); err != nil {
		t.Fatal(err)
	}
}

func TestCommitFSMatchesWorkingTree(t *testing.T) {
	t.Parallel()
	files := gittest.Files{
		"outside":              gittest.Symlink("../../etc/passwd"),
		"absolute":             gittest.Symlink("/etc/passwd"),
		"dangling":             gittest.Symlink("nope.txt"),
		"loop1":                gittest.Symlink("loop2"),
		"loop2":                gittest.Symlink("loop1"),
		"vendor/x/x.go":        "package x\n",
		"node_modules/m/i.js":  "x\n",
		".scoreignore":         "ignored/\n",
		"ignored/Dockerfile":   "FROM scratch\n",
		"big/binary.bin":       "\x00\x01\x02",
		"sub/dir/file.txt":     "hello\n",
		"sub/link-to-dir":      gittest.Symlink("dir"),
		"sub/link-to-file.txt": gittest.Symlink("dir/file.txt"),
	}
	for k, v := range cleanFiles {
		files[k] = v
	}
	r := gittest.NewRepo(t, files)
	repo, hash := openCommit(t, r.Dir)
	fsys, err := CommitFS(repo, hash)
	if err != nil {
		t.Fatal(err)
	}
	fromGit, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fromDisk, err := snapshot.NewTree(os.DirFS(r.Dir))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromGit.Files, fromDisk.Files) {
		t.Errorf("files differ:\ngit:  %q\ndisk: %q", fromGit.Files, fromDisk.Files)
	}
	if len(fromDisk.Warnings()) < 5 {
		t.Errorf("want warnings for the bad symlinks, got %v", fromDisk.Warnings())
	}
	if !reflect.DeepEqual(fromGit.Warnings(), fromDisk.Warnings()) {
		t.Errorf("warnings differ:\ngit:  %v\ndisk: %v", fromGit.Warnings(), fromDisk.Warnings())
	}
	for _, p := range fromDisk.Files {
		a, errA := fromGit.Read(p)
		b, errB := fromDisk.Read(p)
		if string(a) != string(b) || !errors.Is(errA, errB) {
			t.Errorf("%s: git %q, %v; disk %q, %v", p, a, errA, b, errB)
		}
	}
}

func TestCommitFSSymlinks(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, gittest.Files{
		"dir/file.txt":   "content\n",
		"link-file":      gittest.Symlink("dir/file.txt"),
		"link-dir":       gittest.Symlink("dir"),
		"dir/up":         gittest.Symlink("../link-file"),
		"outside":        gittest.Symlink("../secret"),
		"absolute":       gittest.Symlink("/etc/passwd"),
		"dangling":       gittest.Symlink("missing"),
		"loop1":          gittest.Symlink("loop2"),
		"loop2":          gittest.Symlink("loop1"),
		"dir/deep/x.txt": "x\n",
	})
	repo, hash := openCommit(t, r.Dir)
	fsys, err := CommitFS(repo, hash)
	if err != nil {
		t.Fatal(err)
	}
	rl := fsys.(fs.ReadLinkFS)

	t.Run("readlink and lstat", func(t *testing.T) {
		for name, want := range map[string]string{
			"link-file": "dir/file.txt", "link-dir": "dir", "dir/up": "../link-file",
			"outside": "../secret", "absolute": "/etc/passwd", "dangling": "missing", "loop1": "loop2",
		} {
			got, err := rl.ReadLink(name)
			if err != nil || got != want {
				t.Errorf("ReadLink(%s) = %q, %v; want %q", name, got, err, want)
			}
			info, err := rl.Lstat(name)
			if err != nil {
				t.Fatalf("Lstat(%s): %v", name, err)
			}
			if info.Mode()&fs.ModeSymlink == 0 || info.Size() != int64(len(want)) {
				t.Errorf("Lstat(%s) = %v size %d; want a symlink of size %d", name, info.Mode(), info.Size(), len(want))
			}
		}
	})
	t.Run("readlink on a regular file", func(t *testing.T) {
		_, err := rl.ReadLink("dir/file.txt")
		var pe *fs.PathError
		if !errors.As(err, &pe) || !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadLink(regular file) = %v; want a *PathError with ErrInvalid", err)
		}
	})
	t.Run("open follows links inside the tree", func(t *testing.T) {
		for _, name := range []string{"link-file", "dir/up", "link-dir/file.txt"} {
			data, err := fs.ReadFile(fsys, name)
			if err != nil || string(data) != "content\n" {
				t.Errorf("ReadFile(%s) = %q, %v", name, data, err)
			}
		}
		entries, err := fs.ReadDir(fsys, "link-dir")
		if err != nil || len(entries) != 3 {
			t.Errorf("ReadDir(link-dir) = %v, %v; want 3 entries", entries, err)
		}
		info, err := fs.Stat(fsys, "link-file")
		if err != nil || !info.Mode().IsRegular() || info.Name() != "link-file" || info.Size() != 8 {
			t.Errorf("Stat(link-file) = %v, %v", info, err)
		}
	})
	t.Run("open refuses links that leave the tree, dangle or loop", func(t *testing.T) {
		for name, want := range map[string]error{
			"outside": errSymlinkOutside, "absolute": errSymlinkOutside, "dangling": fs.ErrNotExist,
		} {
			_, err := fsys.Open(name)
			if !errors.Is(err, want) {
				t.Errorf("Open(%s) = %v; want %v", name, err, want)
			}
		}
		if _, err := fsys.Open("loop1"); err == nil {
			t.Error("Open(loop1) succeeded")
		}
	})
	t.Run("invalid and missing names", func(t *testing.T) {
		for _, name := range []string{"/dir", "dir/", "../x", "dir/../dir", ""} {
			if _, err := fsys.Open(name); !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("Open(%q) = %v; want ErrInvalid", name, err)
			}
		}
		for _, name := range []string{"nope", "dir/file.txt/x", "dir/nope"} {
			if _, err := fs.Stat(fsys, name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Stat(%q) = %v; want ErrNotExist", name, err)
			}
		}
	})
}

func TestCommitFSReadsLazily(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, gittest.Files{"a/b/c.txt": "c\n", "z.txt": "z\n"})
	repo, hash := openCommit(t, r.Dir)
	fsys, err := CommitFS(repo, hash)
	if err != nil {
		t.Fatal(err)
	}
	cfs := fsys.(*commitFS)
	if n := len(cfs.dirs); n != 1 {
		t.Fatalf("%d trees decoded before any read; want only the root", n)
	}
	f, err := fsys.Open("a/b/c.txt")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	if err := f.Close(); err != nil {
		t.Error(err)
	}
	if string(data) != "c\n" || len(cfs.dirs) != 3 {
		t.Errorf("read %q with %d trees decoded; want c and 3 trees", data, len(cfs.dirs))
	}
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("read after close = %v; want ErrClosed", err)
	}
}

func TestOpenLocalCommit(t *testing.T) {
	t.Parallel()
	up := gittest.NewRepo(t, gittest.Files{"v.txt": "1", "sub/s.txt": "s1"})
	first := up.Head()
	up.Git("tag", "v1")
	up.Git("tag", "-a", "-m", "release", "v1-annotated")
	second := up.Commit(gittest.Files{"v.txt": "2", "sub/s.txt": "s2"}, "second")
	up.Git("checkout", "-q", "-b", "feature")
	third := up.Commit(gittest.Files{"v.txt": "3"}, "third")
	up.Git("checkout", "-q", "main")

	clone := t.TempDir()
	gittest.Git(t, clone, "clone", "-q", "--branch", "main", up.Dir, ".")
	gittest.Git(t, clone, "remote", "set-url", "origin", "https://oauth2:s3cret@gitlab.example.invalid/g/svc.git")
	gittest.Git(t, clone, "checkout", "-q", "-b", "work", "origin/feature")

	tests := []struct {
		rev, dir, file, want, commit string
	}{
		{rev: "main", file: "v.txt", want: "2", commit: second},
		{rev: "origin/HEAD", file: "v.txt", want: "2", commit: second},
		{rev: "HEAD", file: "v.txt", want: "3", commit: third},
		{rev: "HEAD~1", file: "v.txt", want: "2", commit: second},
		{rev: "v1", file: "v.txt", want: "1", commit: first},
		{rev: "v1-annotated", file: "v.txt", want: "1", commit: first},
		{rev: first, file: "v.txt", want: "1", commit: first},
		{rev: first[:10], file: "v.txt", want: "1", commit: first},
		{rev: "main", dir: "sub", file: "s.txt", want: "s2", commit: second},
	}
	for _, tc := range tests {
		t.Run(tc.rev+"/"+tc.dir, func(t *testing.T) {
			fsys, info, err := OpenLocalCommit(filepath.Join(clone, tc.dir), tc.rev)
			if err != nil {
				t.Fatal(err)
			}
			data, err := fs.ReadFile(fsys, tc.file)
			if err != nil || string(data) != tc.want {
				t.Errorf("%s = %q, %v; want %q", tc.file, data, err, tc.want)
			}
			if info.Commit != tc.commit {
				t.Errorf("commit = %s; want %s", info.Commit, tc.commit)
			}
			if info.URL != "https://gitlab.example.invalid/g/svc.git" || info.DefaultBranch != "main" {
				t.Errorf("info = %+v; want a redacted URL and default branch main", info)
			}
		})
	}
	if _, _, err := OpenLocalCommit(clone, "no-such-branch"); err == nil {
		t.Error("unknown revision resolved")
	}
	if _, _, err := OpenLocalCommit(t.TempDir(), "HEAD"); err == nil {
		t.Error("a folder that is not a repository opened")
	}
}

func TestMergeBase(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, gittest.Files{"f": "0"})
	fork := r.Commit(gittest.Files{"f": "1"}, "fork point")
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit(gittest.Files{"g": "feature"}, "feature work")
	r.Git("checkout", "-q", "main")
	r.Commit(gittest.Files{"f": "2"}, "main moves on")
	r.Git("checkout", "-q", "feature")

	got, err := MergeBase(r.Dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if got != fork {
		t.Errorf("merge base = %s; want %s", got, fork)
	}
	if want := r.Git("merge-base", "HEAD", "main"); got != want {
		t.Errorf("merge base = %s; git says %s", got, want)
	}
	ref, err := DefaultBaseRef(r.Dir)
	if err != nil || ref != "main" {
		t.Errorf("DefaultBaseRef = %q, %v; want main", ref, err)
	}
	if _, err := MergeBase(r.Dir, "nope"); err == nil {
		t.Error("merge base with an unknown ref succeeded")
	}
}
