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

// collect walks the snapshot once, runs every collector, and, when the
// loaded policies declare file globs (METADATA custom.files), adds those
// files' parsed content as files.content. No globs, no reads.
func (p *Pipeline) collect(ctx context.Context, snap snapshot.Snapshot) (*facts.Facts, error) {
	t, err := snapshot.NewTreeContext(ctx, snap.FS)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", snap.Info.Name, err)
	}
	f, err := collect.CollectTree(ctx, snap.Info, t)
	if err != nil {
		return nil, err
	}
	if globs := p.Engine.Needs().Files; len(globs) > 0 {
		f.Files.Content = inputfiles.Read(t, globs, scorecard.PathMatch)
	}
	return f, nil
}
