package app

import (
	"context"
	"fmt"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/collect/inputfiles"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

// collect walks the snapshot once (and returns the tree), runs every collector, and, when the
// loaded policies declare file globs (METADATA custom.files), adds those
// files' parsed content as files.content. No globs, no reads.
func (p *Pipeline) collect(ctx context.Context, snap snapshot.Snapshot) (*facts.Facts, *snapshot.Tree, error) {
	t, err := snapshot.NewTreeContext(ctx, snap.FS)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", snap.Info.Name, err)
	}
	f, err := p.collectTree(ctx, snap.Info, t)
	return f, t, err
}

// collectTree is collect over an already walked tree (a monorepo
// component's sub-tree, docs/architecture.md "Components").
func (p *Pipeline) collectTree(ctx context.Context, info facts.RepoInfo, t *snapshot.Tree) (*facts.Facts, error) {
	f, err := collect.CollectTree(ctx, info, t)
	if err != nil {
		return nil, err
	}
	if globs := p.Engine.Needs().Files; len(globs) > 0 {
		f.Files.Content = inputfiles.Read(t, globs, scorecard.PathMatch)
	}
	return f, nil
}
