package bench

import (
	"context"
	"io/fs"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// BenchmarkMergeBase is the comparison half of `score check` on a
// 5,000-file repository whose history is packed, as a developer's clone
// is: collecting and scoring the merge base's tree, read from git's
// objects. "reopen" opens the repository as go-git does by default, which
// opens and closes the pack file for every object read (score check before
// this change); "kept" is source.OpenLocalCommit, which keeps the packs
// open.
func BenchmarkMergeBase(b *testing.B) {
	dir := largeRepo(b)
	gittest.Git(b, dir, "init", "-q", "-b", "main")
	gittest.Git(b, dir, "add", "-A")
	gittest.Git(b, dir, "commit", "-q", "-m", "base")
	gittest.Git(b, dir, "gc", "-q", "--aggressive")
	repo, err := git.PlainOpen(dir)
	if err != nil {
		b.Fatal(err)
	}
	head, err := repo.ResolveRevision(plumbing.Revision("HEAD"))
	if err != nil {
		b.Fatal(err)
	}
	p := app.NewPipeline(loadEngine(b), nil)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		open func() (fs.FS, error)
	}{
		{"reopen", func() (fs.FS, error) { return source.CommitFS(repo, *head) }},
		{"kept", func() (fs.FS, error) { f, _, err := source.OpenLocalCommit(dir, "HEAD"); return f, err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				fsys, err := bc.open()
				if err != nil {
					b.Fatal(err)
				}
				snap := snapshot.Snapshot{FS: fsys}
				fc, err := collect.Collect(ctx, snap)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(fc.Files.Paths); n < 5000 {
					b.Fatalf("%d files listed, want at least 5000", n)
				}
				if r := p.ScoreFacts(ctx, fc, snap.Info); r.Repo.Error != "" {
					b.Fatal(r.Repo.Error)
				}
			}
		})
	}
}
