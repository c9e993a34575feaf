package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// errNoRepository means the folder is not inside a git repository, so there
// is nothing to compare with; it is not a failure.
var errNoRepository = errors.New("not a git repository")

// scoreRevision scores the tree of rev (read straight from git objects, no
// checkout) at dir's place in its repository, named like the working tree.
func scoreRevision(ctx context.Context, p *app.Pipeline, dir, rev string) (scorecard.Repo, error) {
	fsys, info, err := source.OpenLocalCommit(dir, rev)
	if err != nil {
		if errors.Is(err, source.ErrNotRepository) {
			return scorecard.Repo{}, errNoRepository
		}
		return scorecard.Repo{}, err
	}
	info.Name = filepath.Base(dir)
	res := p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fsys})
	if res.Repo.Error != "" {
		return scorecard.Repo{}, fmt.Errorf("score %s: %s", rev, res.Repo.Error)
	}
	return res.Repo, nil
}

// mergeBaseOf finds the merge base of HEAD with base (or the default branch
// when base is empty) in the repository containing dir.
func mergeBaseOf(dir, base string) (string, error) {
	if base == "" {
		var err error
		if base, err = source.DefaultBaseRef(dir); err != nil {
			if errors.Is(err, source.ErrNotRepository) {
				return "", errNoRepository
			}
			return "", err
		}
	}
	sha, err := source.MergeBase(dir, base)
	if err != nil {
		if errors.Is(err, source.ErrNotRepository) {
			return "", errNoRepository
		}
		return "", err
	}
	return sha, nil
}

// headCommit is the commit HEAD points at in dir's repository ("" outside one).
func headCommit(dir string) string {
	_, info, err := source.OpenLocalCommit(dir, "HEAD")
	if err != nil {
		return ""
	}
	return info.Commit
}
