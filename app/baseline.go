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
	commit, err := source.LocalHead(dir)
	if err != nil {
		return ""
	}
	return commit
}

// Base is the base of a change, scored: what the head is compared with.
type Base struct {
	Repo scorecard.Repo
	// Files are those the change touched; nil when they could not be
	// told, and FilesErr then says why.
	Files    []string
	FilesErr error
	// Dirty is set when the working tree has uncommitted changes.
	Dirty bool
}

// ScoreMergeBase scores the merge base of HEAD with base (or the default
// branch when base is empty) in the repository containing dir, for
// `score check`: the files touched are merge base..HEAD plus the working
// tree's changes, found beside the scoring.
func ScoreMergeBase(ctx context.Context, p *Pipeline, dir, base string) (Base, error) {
	rev, err := MergeBaseOf(dir, base)
	if err != nil {
		return Base{}, err
	}
	var b Base
	changed := make(chan struct{})
	defer func() { <-changed }() // on a panic of the scoring too
	go func() {
		defer close(changed)
		defer func() {
			if r := recover(); r != nil {
				b.FilesErr = fmt.Errorf("internal error: %v", r)
			}
		}()
		ch, err := source.ChangedFiles(dir, rev, "HEAD", true)
		b.Files, b.Dirty, b.FilesErr = ch.Files, ch.Dirty, err
		if err == nil && b.Files == nil {
			b.Files = []string{}
		}
	}()
	repo, err := ScoreRevision(ctx, p, dir, rev)
	if err != nil {
		return Base{}, err
	}
	<-changed
	b.Repo = repo
	if b.FilesErr != nil {
		b.Files = nil
	}
	return b, nil
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
	ch, err := source.ChangedFiles(dir, sha, "HEAD", false)
	if b.FilesErr = err; err == nil {
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
