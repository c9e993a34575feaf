package bench

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scoredev/score/bench/internal/gitserve"
	"github.com/scoredev/score/bench/internal/org"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/source"
)

// TestGitServe clones one repository of the organisation from both kinds
// of loopback server with the git CLI (protocol v2 and v0), with go-git
// (what score scan does) and asks where its HEAD is, and expects the same
// commit every time.
func TestGitServe(t *testing.T) {
	t.Parallel()
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not on PATH")
	}
	tmpls, err := org.LoadTemplates(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	plan := org.NewPlanSized(3, 3, tmpls, 300, false)
	if _, _, err := org.Build(gitPath, root, plan); err != nil {
		t.Fatal(err)
	}
	want := gittest.Git(t, filepath.Join(root, plan.Name+".git"), "rev-parse", "HEAD")
	for _, mode := range []gitserve.Mode{gitserve.Direct, gitserve.CGI} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			h, err := gitserve.New(root, mode)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			url := srv.URL + "/" + plan.Name + ".git"
			for _, version := range []string{"2", "0"} {
				dest := filepath.Join(t.TempDir(), "clone")
				gittest.Git(t, t.TempDir(), "-c", "protocol.version="+version, "clone", "-q", "--depth", "1", "--single-branch", "--no-tags", url, dest)
				if got := gittest.Git(t, dest, "rev-parse", "HEAD"); got != want {
					t.Errorf("git clone (protocol v%s): HEAD %s, want %s", version, got, want)
				}
			}
			snap, err := source.Clone(context.Background(), source.RepoRef{Name: plan.Name, URL: url}, source.CloneOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if snap.Info.Commit != want || snap.Info.DefaultBranch != plan.Branch {
				t.Errorf("go-git clone: %s on %s, want %s on %s", snap.Info.Commit, snap.Info.DefaultBranch, want, plan.Branch)
			}
			branch, sha, err := source.LsRemoteHead(context.Background(), url, source.Auth{})
			if err != nil || sha != want || branch != plan.Branch {
				t.Errorf("ls-remote: %s %s %v, want %s %s", branch, sha, err, plan.Branch, want)
			}
			if _, _, err := source.LsRemoteHead(context.Background(), srv.URL+"/absent.git", source.Auth{}); err == nil {
				t.Error("ls-remote of a missing repository succeeded")
			}
			refs, packs, _ := h.Stats()
			if refs < 4 || packs < 3 {
				t.Errorf("stats: %d ref advertisements, %d upload-packs; want at least 4 and 3", refs, packs)
			}
		})
	}
}
