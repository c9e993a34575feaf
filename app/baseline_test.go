package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/internal/gittest"
)

func testPipeline(t *testing.T) *Pipeline {
	t.Helper()
	opts, err := EngineOptions(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return NewPipeline(eng, nil)
}

func TestBaseline(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, gittest.Files{"README.md": "# svc\n"})
	fork := r.Commit(gittest.Files{"Dockerfile": "FROM scratch\n"}, "fork point")
	r.Git("checkout", "-q", "-b", "feature")
	head := r.Commit(gittest.Files{"go.mod": "module svc\n"}, "feature work")

	if got := HeadCommit(r.Dir); got != head {
		t.Errorf("HeadCommit = %q, want %q", got, head)
	}
	base, err := MergeBaseOf(r.Dir, "main")
	if err != nil || base != fork {
		t.Fatalf("MergeBaseOf = %q, %v; want %q", base, err, fork)
	}
	repo, err := ScoreRevision(context.Background(), testPipeline(t), r.Dir, base)
	if err != nil {
		t.Fatal(err)
	}
	if repo.Commit != fork || len(repo.Checks) == 0 {
		t.Errorf("ScoreRevision: commit %q with %d checks; want %q scored", repo.Commit, len(repo.Checks), fork)
	}

	outside := t.TempDir()
	if _, err := MergeBaseOf(outside, ""); !errors.Is(err, ErrNoRepository) {
		t.Errorf("MergeBaseOf outside git = %v, want ErrNoRepository", err)
	}
	if got := HeadCommit(outside); got != "" {
		t.Errorf("HeadCommit outside git = %q", got)
	}
	// A detached HEAD names its commit; a repository without one has none.
	r.Git("checkout", "-q", "--detach", fork)
	if got := HeadCommit(r.Dir); got != fork {
		t.Errorf("HeadCommit, detached at the fork point = %q, want %q", got, fork)
	}
	if err := os.MkdirAll(filepath.Join(r.Dir, "sub", "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := HeadCommit(filepath.Join(r.Dir, "sub", "dir")); got != fork {
		t.Errorf("HeadCommit from a folder inside = %q, want %q", got, fork)
	}
	if got := HeadCommit(gittest.NewRepo(t).Dir); got != "" {
		t.Errorf("HeadCommit without a commit = %q", got)
	}
}
