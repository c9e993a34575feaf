package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// ErrNoRepository means the folder is not inside a git repository, so there
// is nothing to compare with; it is not a failure.
var ErrNoRepository = errors.New("not a git repository")

// ScoreRevision scores the tree of rev (read straight from git objects, no
// checkout) at dir's place in its repository, named like the working tree.
func ScoreRevision(ctx context.Context, p *Pipeline, dir, rev string) (scorecard.Repo, error) {
	fsys, info, err := source.OpenLocalCommit(dir, rev)
	if err != nil {
		if errors.Is(err, source.ErrNotRepository) {
			return scorecard.Repo{}, ErrNoRepository
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

// MergeBaseOf finds the merge base of HEAD with base (or the default branch
// when base is empty) in the repository containing dir.
func MergeBaseOf(dir, base string) (string, error) {
	if base == "" {
		var err error
		if base, err = source.DefaultBaseRef(dir); err != nil {
			if errors.Is(err, source.ErrNotRepository) {
				return "", ErrNoRepository
			}
			return "", err
		}
	}
	sha, err := source.MergeBase(dir, base)
	if err != nil {
		if errors.Is(err, source.ErrNotRepository) {
			return "", ErrNoRepository
		}
		return "", err
	}
	return sha, nil
}

// HeadCommit is the commit HEAD points at in dir's repository ("" outside one).
func HeadCommit(dir string) string {
	_, info, err := source.OpenLocalCommit(dir, "HEAD")
	if err != nil {
		return ""
	}
	return info.Commit
}

// Base is a merge request's base, scored: what the head is compared with.
type Base struct {
	Repo scorecard.Repo
	// Files are those base..HEAD touched; nil when they could not be told.
	Files []string
}

// ScoreBase scores commit sha of dir's repository, fetching it first when a
// shallow clone lacks it (two minutes at most), and lists the files the
// merge request touched (base..HEAD; the CI checkout has no local changes
// of its own). It needs nothing of the head, so it can run beside it.
func ScoreBase(ctx context.Context, p *Pipeline, dir, sha string, auth source.Auth) (Base, error) {
	fctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	// A full SHA may be missing from a shallow clone and is fetched; a
	// branch or tag name (score ci --base) must already be there.
	if source.IsFullSHA(sha) {
		if err := source.EnsureCommit(fctx, dir, sha, auth); err != nil {
			return Base{}, err
		}
	}
	repo, err := ScoreRevision(ctx, p, dir, sha)
	if err != nil {
		return Base{}, err
	}
	b := Base{Repo: repo}
	if ch, err := source.ChangedFiles(dir, sha, "HEAD", false); err == nil {
		b.Files = ch.Files
		if b.Files == nil {
			b.Files = []string{}
		}
	}
	return b, nil
}

// Compare compares head with the base; new findings are those in the files
// the merge request touched, when they are known.
func (b Base) Compare(head scorecard.Repo) *scorecard.Comparison {
	c := scorecard.Compare(b.Repo, head)
	if b.Files != nil {
		c.ScopeTo(b.Files)
	}
	return &c
}
