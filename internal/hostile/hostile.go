// Package hostile builds the repositories an attacker would hand to score:
// working trees whose symlinks lead out of the checkout, into .git or onto
// devices, and git repositories whose objects are malformed or oversized.
// Everything is generated at run time in a folder the caller owns (a test's
// t.TempDir(), a benchmark's scratch folder), so that the regression tests
// of the collectors and cmd/score and the end-to-end runs in bench/ share one
// definition of each attack.
//
// The cases (each function documents what it builds and what score must
// do with it):
//
//   - OutsideLinks: a directory link out of the tree, with a file link
//     through it (d -> outside, .score.yaml -> d/score.yaml), and
//     etc -> /etc with scripts/build.sh -> ../etc/passwd. Nothing outside
//     the repository may be read.
//   - DeviceLinks: p -> /proc with .gitlab-ci.yml -> p/kmsg, and a named
//     pipe. Only regular files are read; nothing may block.
//   - GitDirLinks: links into .git (and .GIT) of a repository whose origin
//     URL carries a token. .git is never read through a link.
//   - BadTreeEntryRepo: a commit whose tree has an entry named ".", "..",
//     "a/b" or "". Reading it is an error, never a crash.
//   - IncludeFlood: .gitlab-ci.yml with many large local includes. The
//     bytes read per repository are bounded, with one warning.
//   - BigBlobRepo: a small repository holding one huge blob. The blob is
//     listed, never materialised.
//   - DeepTreeRepo: a commit whose tree nests thousands of folders. The
//     walk is linear and stops at a depth bound, with one warning.
//
// The package depends on nothing but go-git and the standard library (the
// git binary is not needed), so bench/ can use it outside tests.
package hostile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Markers the cases plant so that a test can search any output for a leak.
const (
	// OutsideTeam is the team named by the score.yaml outside the
	// repository that OutsideLinks points at.
	OutsideTeam = "hostile-outside-team"
	// OutsideSecret is the content of a file outside the repository.
	OutsideSecret = "HOSTILE-OUTSIDE-SECRET"
	// GitToken is the CI job token in the origin URL of GitDirLinks.
	GitToken = "glcbt-HOSTILEJOBTOKEN0123"
)

// OutsideLinks fills repo with links that lead out of it through a
// directory component, and fills outside (a folder that is not inside
// repo) with what they would reach:
//
//	repo/d -> outside                 (absolute link to a directory)
//	repo/.score.yaml -> d/score.yaml  (the file's own target stays "inside")
//	repo/etc -> /etc
//	repo/scripts/build.sh -> ../etc/passwd
//	repo/up -> ..                     (the parent of the repository)
//	repo/ci/secret.yml -> ../d/secret.txt
//	outside/score.yaml                (team: OutsideTeam)
//	outside/secret.txt                (OutsideSecret)
//
// It also adds legitimate in-repo links that must keep working:
//
//	repo/README.md, repo/docs/README.md -> ../README.md,
//	repo/lib -> src, repo/src/run.sh, repo/Makefile -> lib/Makefile,
//	repo/src/Makefile
func OutsideLinks(repo, outside string) error {
	files := map[string]string{
		filepath.Join(outside, "score.yaml"): "team: " + OutsideTeam + "\n",
		filepath.Join(outside, "secret.txt"): OutsideSecret + "\n",
		filepath.Join(repo, "README.md"):     "# service\n",
		filepath.Join(repo, "src/run.sh"):    "#!/bin/sh\necho run\n",
		filepath.Join(repo, "src/Makefile"):  "build:\n\tgo build ./...\n",
	}
	links := map[string]string{
		filepath.Join(repo, "d"):                outside,
		filepath.Join(repo, ".score.yaml"):      "d/score.yaml",
		filepath.Join(repo, "etc"):              "/etc",
		filepath.Join(repo, "scripts/build.sh"): "../etc/passwd",
		filepath.Join(repo, "up"):               "..",
		filepath.Join(repo, "ci/secret.yml"):    "../d/secret.txt",
		filepath.Join(repo, "docs/README.md"):   "../README.md",
		filepath.Join(repo, "lib"):              "src",
		filepath.Join(repo, "Makefile"):         "lib/Makefile",
	}
	return build(files, links)
}

// DeviceLinks fills repo with links to files that are not regular, which
// would block or never end if read:
//
//	repo/p -> /proc
//	repo/.gitlab-ci.yml -> p/kmsg           (blocks for ever when read)
//	repo/Dockerfile -> p/self/fd/0          (the scanner's own stdin)
//	repo/package.json                       (a named pipe: opening blocks)
//	repo/docker-compose.yml -> /dev/zero    (never ends)
func DeviceLinks(repo string) error {
	links := map[string]string{
		filepath.Join(repo, "p"):                  "/proc",
		filepath.Join(repo, ".gitlab-ci.yml"):     "p/kmsg",
		filepath.Join(repo, "Dockerfile"):         "p/self/fd/0",
		filepath.Join(repo, "docker-compose.yml"): "/dev/zero",
	}
	if err := build(map[string]string{filepath.Join(repo, "README.md"): "# service\n"}, links); err != nil {
		return err
	}
	if err := syscall.Mkfifo(filepath.Join(repo, "package.json"), 0o644); err != nil {
		return fmt.Errorf("mkfifo: %w", err)
	}
	return nil
}

// GitDirLinks makes repo a git repository whose origin URL carries
// GitToken, and adds links that read its git folder:
//
//	repo/scripts/cfg.sh -> ../.git/config
//	repo/.gitlab-ci.yml -> .git/config
//	repo/ci.yml -> .GIT/config               (.GIT: another folder, same bait)
//	repo/.GIT/config                         (a copy of the config)
//	repo/hooks -> .git                       (a directory link into .git)
//	repo/Makefile -> hooks/config
func GitDirLinks(repo string) error {
	r, err := git.PlainInit(repo, false)
	if err != nil {
		return fmt.Errorf("git init %s: %w", repo, err)
	}
	if _, err := r.CreateRemote(&config.RemoteConfig{Name: "origin",
		URLs: []string{"https://gitlab-ci-token:" + GitToken + "@gitlab.example.com/g/r.git"}}); err != nil {
		return fmt.Errorf("add origin: %w", err)
	}
	cfg, err := os.ReadFile(filepath.Join(repo, ".git", "config"))
	if err != nil {
		return err
	}
	files := map[string]string{
		filepath.Join(repo, "README.md"):   "# service\n",
		filepath.Join(repo, ".GIT/config"): string(cfg),
	}
	links := map[string]string{
		filepath.Join(repo, "scripts/cfg.sh"): "../.git/config",
		filepath.Join(repo, ".gitlab-ci.yml"): ".git/config",
		filepath.Join(repo, "ci.yml"):         ".GIT/config",
		filepath.Join(repo, "hooks"):          ".git",
		filepath.Join(repo, "Makefile"):       "hooks/config",
	}
	return build(files, links)
}

// build writes files and symlinks, creating their folders.
func build(files, links map[string]string) error {
	for p, content := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	for p, target := range links {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.Symlink(target, p); err != nil {
			return err
		}
	}
	return nil
}

// BadTreeEntryNames are the entry names git itself refuses and score must
// too.
var BadTreeEntryNames = []string{".", "..", "a/b", ".git", ""}

// BadTreeEntryRepo makes dir a git repository (non-bare, nothing checked
// out) whose one commit on main has the tree
//
//	README.md
//	sub/ok.txt
//	sub/<name> -> a tree with x.txt   (name from BadTreeEntryNames)
//
// and returns the commit's hash. git's own tools refuse to write such a
// tree; it is encoded object by object.
func BadTreeEntryRepo(dir, name string) (string, error) {
	r, err := git.PlainInit(dir, false)
	if err != nil {
		return "", fmt.Errorf("git init %s: %w", dir, err)
	}
	s := r.Storer
	readme, err := putBlob(s, []byte("# service\n"))
	if err != nil {
		return "", err
	}
	x, err := putBlob(s, []byte("x\n"))
	if err != nil {
		return "", err
	}
	inner, err := putTree(s, []object.TreeEntry{{Name: "x.txt", Mode: filemode.Regular, Hash: x}})
	if err != nil {
		return "", err
	}
	sub, err := putTree(s, []object.TreeEntry{
		{Name: "ok.txt", Mode: filemode.Regular, Hash: x},
		{Name: name, Mode: filemode.Dir, Hash: inner},
	})
	if err != nil {
		return "", err
	}
	root, err := putTree(s, []object.TreeEntry{
		{Name: "README.md", Mode: filemode.Regular, Hash: readme},
		{Name: "sub", Mode: filemode.Dir, Hash: sub},
	})
	if err != nil {
		return "", err
	}
	return commitOnMain(r, root)
}

// IncludeFlood fills repo with a .gitlab-ci.yml that includes n local files
// of at most size bytes each (valid YAML: one job with a long script), each of
// which includes every other one as well, so a reader that parses a file
// once per include reads n*n files.
func IncludeFlood(repo string, n, size int) error {
	files := map[string]string{}
	var root strings.Builder
	root.WriteString("include:\n")
	var all strings.Builder
	all.WriteString("include:\n")
	for i := range n {
		fmt.Fprintf(&all, "  - local: ci/part-%02d.yml\n", i)
	}
	root.WriteString(strings.TrimPrefix(all.String(), "include:\n"))
	root.WriteString("build:\n  script:\n    - make\n")
	files[filepath.Join(repo, ".gitlab-ci.yml")] = root.String()
	for i := range n {
		var b strings.Builder
		b.WriteString(all.String())
		fmt.Fprintf(&b, "job-%02d:\n  script:\n", i)
		for line := 0; ; line++ {
			l := fmt.Sprintf("    - echo step %d of a long generated script that fills the file\n", line)
			if b.Len()+len(l) > size {
				break
			}
			b.WriteString(l)
		}
		files[filepath.Join(repo, fmt.Sprintf("ci/part-%02d.yml", i))] = b.String()
	}
	return build(files, nil)
}

// BigBlobRepo makes dir a git repository whose one commit on main holds a
// README.md, a .gitlab-ci.yml and big.yml, a blob of size bytes (YAML
// text, compressible, so the repository on disk stays small). It returns
// the commit's hash.
func BigBlobRepo(dir string, size int64) (string, error) {
	r, err := git.PlainInit(dir, false)
	if err != nil {
		return "", fmt.Errorf("git init %s: %w", dir, err)
	}
	s := r.Storer
	readme, err := putBlob(s, []byte("# service\n"))
	if err != nil {
		return "", err
	}
	ci, err := putBlob(s, []byte("build:\n  script:\n    - make\n"))
	if err != nil {
		return "", err
	}
	line := []byte("- padding line of a very large generated yaml file\n")
	obj := s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(size)
	w, err := obj.Writer()
	if err != nil {
		return "", err
	}
	chunk := bytes.Repeat(line, (1<<20)/len(line))
	for left := size; left > 0; {
		c := chunk
		if int64(len(c)) > left {
			c = c[:left]
		}
		if _, err := w.Write(c); err != nil {
			return "", err
		}
		left -= int64(len(c))
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	big, err := s.SetEncodedObject(obj)
	if err != nil {
		return "", err
	}
	root, err := putTree(s, []object.TreeEntry{
		{Name: ".gitlab-ci.yml", Mode: filemode.Regular, Hash: ci},
		{Name: "README.md", Mode: filemode.Regular, Hash: readme},
		{Name: "big.yml", Mode: filemode.Regular, Hash: big},
	})
	if err != nil {
		return "", err
	}
	return commitOnMain(r, root)
}

// DeepTreeRepo makes dir a git repository whose one commit on main nests
// depth folders d/d/d/..., each holding a file f.txt, under a root with a
// README.md. It returns the commit's hash.
func DeepTreeRepo(dir string, depth int) (string, error) {
	r, err := git.PlainInit(dir, false)
	if err != nil {
		return "", fmt.Errorf("git init %s: %w", dir, err)
	}
	s := r.Storer
	f, err := putBlob(s, []byte("f\n"))
	if err != nil {
		return "", err
	}
	cur, err := putTree(s, []object.TreeEntry{{Name: "f.txt", Mode: filemode.Regular, Hash: f}})
	if err != nil {
		return "", err
	}
	for range depth - 1 {
		if cur, err = putTree(s, []object.TreeEntry{
			{Name: "d", Mode: filemode.Dir, Hash: cur},
			{Name: "f.txt", Mode: filemode.Regular, Hash: f},
		}); err != nil {
			return "", err
		}
	}
	readme, err := putBlob(s, []byte("# service\n"))
	if err != nil {
		return "", err
	}
	root, err := putTree(s, []object.TreeEntry{
		{Name: "README.md", Mode: filemode.Regular, Hash: readme},
		{Name: "d", Mode: filemode.Dir, Hash: cur},
	})
	if err != nil {
		return "", err
	}
	return commitOnMain(r, root)
}

func putBlob(s storer.EncodedObjectStorer, data []byte) (plumbing.Hash, error) {
	obj := s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// putTree stores a tree as given, in git's order, without checking names:
// that is the point.
func putTree(s storer.EncodedObjectStorer, entries []object.TreeEntry) (plumbing.Hash, error) {
	sort.Sort(object.TreeEntrySorter(entries))
	var buf bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&buf, "%o %s\x00", e.Mode, e.Name)
		buf.Write(e.Hash[:])
	}
	obj := s.NewEncodedObject()
	obj.SetType(plumbing.TreeObject)
	obj.SetSize(int64(buf.Len()))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// commitOnMain commits tree on refs/heads/main and points HEAD at it.
func commitOnMain(r *git.Repository, tree plumbing.Hash) (string, error) {
	when := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	sig := object.Signature{Name: "hostile", Email: "hostile@example.com", When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: "hostile\n", TreeHash: tree}
	obj := r.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return "", err
	}
	h, err := r.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", err
	}
	main := plumbing.NewBranchReferenceName("main")
	if err := r.Storer.SetReference(plumbing.NewHashReference(main, h)); err != nil {
		return "", err
	}
	if err := r.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, main)); err != nil {
		return "", err
	}
	return h.String(), nil
}
