package source

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/internal/hostile"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// collectJSON collects fsys and returns the facts and their JSON.
func collectJSON(t *testing.T, ctx context.Context, fsys fs.FS) (*facts.Facts, string) {
	t.Helper()
	f, err := collect.Collect(ctx, snapshot.Snapshot{Info: facts.RepoInfo{Name: "hostile"}, FS: fsys})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return f, string(data)
}

func warningsFor(f *facts.Facts, p string) []string {
	var out []string
	for _, w := range f.Warnings {
		if w.Path == p {
			out = append(out, w.Message)
		}
	}
	return out
}

// TestHostileOutsideLinks: a link through a directory link that leaves the
// repository (d -> /outside, .score.yaml -> d/score.yaml; etc -> /etc,
// scripts/build.sh -> ../etc/passwd) is refused, through the confined file
// system and through the Tree's own resolution over an unconfined one;
// links that stay inside still work.
func TestHostileOutsideLinks(t *testing.T) {
	repo, outside := t.TempDir(), t.TempDir()
	if err := hostile.OutsideLinks(repo, outside); err != nil {
		t.Fatal(err)
	}
	snap, err := LocalSnapshot(RepoRef{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"LocalSnapshot": snap.FS, "os.DirFS": os.DirFS(repo)} {
		t.Run(name, func(t *testing.T) {
			f, js := collectJSON(t, context.Background(), fsys)
			for _, leak := range []string{hostile.OutsideTeam, hostile.OutsideSecret, "root:x:0:0"} {
				if strings.Contains(js, leak) {
					t.Errorf("facts contain %q read from outside the repository", leak)
				}
			}
			for _, p := range []string{".score.yaml", "scripts/build.sh", "ci/secret.yml", "d", "etc", "up"} {
				if slices.Contains(f.Files.Paths, p) {
					t.Errorf("%s listed as a file", p)
				}
				if ws := warningsFor(f, p); len(ws) != 1 || !strings.Contains(ws[0], "outside the repository") {
					t.Errorf("%s: warnings %q, want one saying it points outside", p, ws)
				}
			}
			for _, p := range []string{"Makefile", "docs/README.md"} { // lib -> src, then lib/Makefile
				if !slices.Contains(f.Files.Paths, p) {
					t.Errorf("in-repo link %s not listed: %q", p, f.Files.Paths)
				}
			}
			if len(f.Scripts.MakeTargets) == 0 {
				t.Errorf("Makefile -> lib/Makefile (through lib -> src) not read")
			}
		})
	}
}

// TestHostileDeviceLinks: links to /proc files, devices and a named pipe
// are never opened: collection ends promptly, with a warning per link.
func TestHostileDeviceLinks(t *testing.T) {
	repo := t.TempDir()
	if err := hostile.DeviceLinks(repo); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fsys, err := DirFS(repo)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var f *facts.Facts
	go func() {
		defer close(done)
		f, _ = collectJSON(t, ctx, fsys)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("collection blocked on a device, a /proc file or a pipe")
	}
	for _, p := range []string{".gitlab-ci.yml", "Dockerfile", "docker-compose.yml"} {
		if ws := warningsFor(f, p); len(ws) != 1 || !strings.Contains(ws[0], "outside the repository") {
			t.Errorf("%s: warnings %q, want one saying it points outside", p, ws)
		}
	}
	if len(f.CI.Configs) != 0 {
		t.Errorf("CI configs %v read through p -> /proc", f.CI.Configs)
	}
	// The pipe is not listed, and reading it by name is refused at once.
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Has("package.json") {
		t.Errorf("named pipe listed as a file")
	}
	if _, err := tree.Read("package.json"); !errors.Is(err, snapshot.ErrNotRegular) {
		t.Errorf("Read(pipe) = %v, want %v", err, snapshot.ErrNotRegular)
	}
}

// TestHostileCancelledWalk: a cancelled context ends the walk and the
// reads of a repository.
func TestHostileCancelledWalk(t *testing.T) {
	repo := t.TempDir()
	if err := hostile.DeviceLinks(repo); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := collect.Collect(ctx, snapshot.Snapshot{FS: os.DirFS(repo)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Collect with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestHostileGitDirLinks: .git is never read, through a file link, a
// directory link or in another case.
func TestHostileGitDirLinks(t *testing.T) {
	repo := t.TempDir()
	if err := hostile.GitDirLinks(repo); err != nil {
		t.Fatal(err)
	}
	snap, err := LocalSnapshot(RepoRef{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"LocalSnapshot": snap.FS, "os.DirFS": os.DirFS(repo)} {
		t.Run(name, func(t *testing.T) {
			f, js := collectJSON(t, context.Background(), fsys)
			if strings.Contains(js, hostile.GitToken) {
				t.Fatalf("facts contain the token from .git/config")
			}
			for _, p := range []string{"scripts/cfg.sh", ".gitlab-ci.yml", "ci.yml", "hooks", "Makefile"} {
				if ws := warningsFor(f, p); len(ws) != 1 || !strings.Contains(ws[0], "symlink into .") {
					t.Errorf("%s: warnings %q, want one saying it leads into .git", p, ws)
				}
			}
			tree, err := snapshot.NewTree(fsys)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{".git/config", ".GIT/config", "hooks/config"} {
				if data, err := tree.Read(p); err == nil {
					t.Errorf("Read(%s) = %q, want an error", p, data)
				}
			}
		})
	}
}

// TestHostileBadTreeEntry: a tree entry named ".", "..", "a/b", ".git" or
// "" makes the repository an error naming the entry and the commit, for
// an in-memory clone, a --cache-dir mirror and a local commit alike.
func TestHostileBadTreeEntry(t *testing.T) {
	gittest.RequireGit(t)
	for _, name := range hostile.BadTreeEntryNames {
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			dir := t.TempDir()
			commit, err := hostile.BadTreeEntryRepo(dir, name)
			if err != nil {
				t.Fatal(err)
			}
			check := func(t *testing.T, snap snapshot.Snapshot, err error) {
				t.Helper()
				if err == nil {
					_, err = collect.Collect(context.Background(), snap)
				}
				if err == nil {
					t.Fatal("no error for a tree with an invalid entry")
				}
				if name == "" && !errors.Is(err, snapshot.ErrInvalidTreeEntry) {
					// git upload-pack refuses to pack an empty name itself.
					return
				}
				if !errors.Is(err, snapshot.ErrInvalidTreeEntry) || !strings.Contains(err.Error(), "in commit "+commit) {
					t.Errorf("error %q, want %v naming commit %s", err, snapshot.ErrInvalidTreeEntry, commit)
				}
			}
			t.Run("memory", func(t *testing.T) {
				snap, err := Clone(context.Background(), RepoRef{URL: dir}, fastRetries)
				check(t, snap, err)
			})
			t.Run("cache", func(t *testing.T) {
				opts := fastRetries
				opts.CacheDir = t.TempDir()
				snap, err := Clone(context.Background(), RepoRef{URL: dir}, opts)
				check(t, snap, err)
			})
			t.Run("local", func(t *testing.T) {
				fsys, _, err := OpenLocalCommit(dir, "HEAD")
				check(t, snapshot.Snapshot{FS: fsys}, err)
			})
		})
	}
}

// TestHostileIncludeFlood: includes that each include every other are
// parsed once each, and what all collectors read is bounded by the read
// budget, cut with one warning.
func TestHostileIncludeFlood(t *testing.T) {
	repo := t.TempDir()
	const n, size = 12, 256 << 10
	if err := hostile.IncludeFlood(repo, n, size); err != nil {
		t.Fatal(err)
	}
	fsys, err := DirFS(repo)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tree.SetReadBudget(2 << 20)
	f, err := collect.CollectTree(context.Background(), facts.RepoInfo{Name: "flood"}, tree)
	if err != nil {
		t.Fatal(err)
	}
	var cut []facts.Warning
	for _, w := range f.Warnings {
		if strings.Contains(w.Message, "read budget") {
			cut = append(cut, w)
		}
	}
	if len(cut) != 1 || !strings.Contains(cut[0].Message, "read budget of 2 MiB for this repository spent") {
		t.Fatalf("read budget warnings %v, want exactly one", cut)
	}
	if tree.Budget < 0 || tree.Budget > 2<<20 {
		t.Errorf("budget left %d", tree.Budget)
	}
	if len(f.CI.Jobs) == 0 {
		t.Errorf("no job read before the budget was spent")
	}
	if _, err := tree.Read(".gitlab-ci.yml"); !errors.Is(err, snapshot.ErrReadBudget) {
		t.Errorf("Read after the budget is spent = %v, want ErrReadBudget", err)
	}
}

// TestHostileBigBlob: a blob over MaxFileSize is listed with its size and
// never read, in memory and in --cache-dir mode; commitFS refuses to read
// it whole before reading any of it.
func TestHostileBigBlob(t *testing.T) {
	gittest.RequireGit(t)
	dir := t.TempDir()
	const size = 4 << 20
	if _, err := hostile.BigBlobRepo(dir, size); err != nil {
		t.Fatal(err)
	}
	for _, cache := range []bool{false, true} {
		opts := fastRetries
		if cache {
			opts.CacheDir = t.TempDir()
		}
		snap, err := Clone(context.Background(), RepoRef{URL: dir}, opts)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := snapshot.NewTree(snap.FS)
		if err != nil {
			t.Fatal(err)
		}
		if !tree.Has("big.yml") || tree.Size("big.yml") != size {
			t.Errorf("cache=%v: big.yml listed %v, size %d", cache, tree.Has("big.yml"), tree.Size("big.yml"))
		}
		if _, err := tree.Read("big.yml"); !errors.Is(err, snapshot.ErrTooLarge) {
			t.Errorf("cache=%v: Read(big.yml) = %v, want ErrTooLarge", cache, err)
		}
		if tree.Budget != snapshot.DefaultReadBudget {
			t.Errorf("cache=%v: %d bytes read for a refused file", cache, snapshot.DefaultReadBudget-tree.Budget)
		}
		if _, err := fs.ReadFile(snap.FS, "big.yml"); err == nil || !strings.Contains(err.Error(), "over the") {
			t.Errorf("cache=%v: commitFS.ReadFile(big.yml) = %v, want a size refusal", cache, err)
		}
	}
}

// TestHostileDeepTree: a tree deeper than MaxTreeDepth is walked down to
// the bound, with one warning.
func TestHostileDeepTree(t *testing.T) {
	dir := t.TempDir()
	const depth = 2000
	commit, err := hostile.DeepTreeRepo(dir, depth)
	if err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := CommitFS(repo, plumbing.NewHash(commit))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	// README.md, and f.txt in each of the MaxTreeDepth folders walked.
	if len(tree.Files) != snapshot.MaxTreeDepth+1 {
		t.Errorf("%d files, want %d", len(tree.Files), snapshot.MaxTreeDepth+1)
	}
	var deep []facts.Warning
	for _, w := range tree.Warnings() {
		if strings.Contains(w.Message, "deeper than") {
			deep = append(deep, w)
		}
	}
	if len(deep) != 1 || strings.Count(deep[0].Path, "/") != snapshot.MaxTreeDepth {
		t.Errorf("depth warnings %v, want one at level %d", deep, snapshot.MaxTreeDepth+1)
	}
}
