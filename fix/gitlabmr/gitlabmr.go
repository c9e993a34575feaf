// Package gitlabmr proposes the changes of `score fix` to a GitLab project
// as exactly one merge request from exactly one branch, score/fix, through
// the commits API (nothing is pushed with git).
//
// Re-running updates the same branch and merge request and never opens a
// second one. A merge request a person closed without merging is respected:
// it is not reopened, and no new one is opened, until the fixes change. A
// create that fails with a server error may still have created the merge
// request, so the merge requests are listed again before any retry.
package gitlabmr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/internal/lazyre"
)

// Branch is the one branch score writes to.
const Branch = "score/fix"

// Action says what Propose did.
type Action string

// Actions.
const (
	Opened    Action = "opened"
	Updated   Action = "updated"
	Unchanged Action = "unchanged"
	Skipped   Action = "skipped"
)

// Proposal is what to propose.
type Proposal struct {
	Project any // numeric id or "group/project"
	// Target is the branch the changes were computed against and the
	// merge request targets (the default branch).
	Target      string
	Changes     []fix.Change
	Title       string
	Description string
}

// Result is what Propose did.
type Result struct {
	Action Action
	IID    int64
	WebURL string
	// Reason explains Skipped.
	Reason string
}

// Options tune Propose.
type Options struct {
	// Attempts bounds create attempts after server errors (default 3).
	Attempts int
	// Backoff is the wait before the first retry, doubled each time
	// (default 1s).
	Backoff time.Duration
}

// fingerprintRe finds the marker Propose leaves in the description.
var fingerprintRe = lazyre.New(`<!-- score-fix: ([0-9a-f]{64}) -->`)

// Fingerprint identifies a set of changes: the sorted paths and new
// contents.
func Fingerprint(changes []fix.Change) string {
	sorted := slices.Clone(changes)
	slices.SortFunc(sorted, func(a, b fix.Change) int { return strings.Compare(a.Path, b.Path) })
	h := sha256.New()
	for _, c := range sorted {
		fmt.Fprintf(h, "%d:%s;%d:%s;", len(c.Path), c.Path, len(c.New), c.New)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func fingerprintOf(description string) string {
	if m := fingerprintRe.FindStringSubmatch(description); m != nil {
		return m[1]
	}
	return ""
}

// StaleError is a file whose content on the target branch is not what the
// changes were computed from.
type StaleError struct{ Path, Target string }

func (e *StaleError) Error() string {
	return fmt.Sprintf("%s on %s is not what the fix was computed from; update the checkout and run score fix again", e.Path, e.Target)
}

// Propose creates or updates the score/fix branch and its merge request.
func Propose(ctx context.Context, c *gitlab.Client, p Proposal, o Options) (Result, error) {
	if len(p.Changes) == 0 {
		return Result{Action: Skipped, Reason: "nothing to fix"}, nil
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	fp := Fingerprint(p.Changes)
	description := strings.TrimRight(p.Description, "\n") + "\n\n<!-- score-fix: " + fp + " -->\n"

	open, closed, err := find(ctx, c, p)
	if err != nil {
		return Result{}, err
	}
	switch {
	case open != nil && fingerprintOf(open.Description) == fp:
		return Result{Action: Unchanged, IID: open.IID, WebURL: open.WebURL}, nil
	case open == nil && closed != nil && fingerprintOf(closed.Description) == fp:
		return Result{Action: Skipped, IID: closed.IID, WebURL: closed.WebURL,
			Reason: fmt.Sprintf("merge request !%d with these fixes was closed without merging; not reopened until the fixes change", closed.IID)}, nil
	}
	if err := checkBase(ctx, c, p); err != nil {
		return Result{}, err
	}
	if err := commit(ctx, c, p); err != nil {
		return Result{}, err
	}
	if open != nil {
		mr, _, err := c.MergeRequests.UpdateMergeRequest(p.Project, open.IID,
			&gitlab.UpdateMergeRequestOptions{Title: &p.Title, Description: &description}, gitlab.WithContext(ctx))
		if err != nil {
			return Result{}, fmt.Errorf("update merge request !%d: %w", open.IID, err)
		}
		return Result{Action: Updated, IID: mr.IID, WebURL: mr.WebURL}, nil
	}
	wait := o.Backoff
	var lastErr error
	for attempt := 1; attempt <= o.Attempts; attempt++ {
		if attempt > 1 {
			// The failed create may have gone through: look before
			// creating again.
			open, _, err := find(ctx, c, p)
			if err != nil {
				return Result{}, errors.Join(lastErr, err)
			}
			if open != nil {
				mr, _, err := c.MergeRequests.UpdateMergeRequest(p.Project, open.IID,
					&gitlab.UpdateMergeRequestOptions{Title: &p.Title, Description: &description}, gitlab.WithContext(ctx))
				if err != nil {
					return Result{}, fmt.Errorf("update merge request !%d: %w", open.IID, err)
				}
				return Result{Action: Opened, IID: mr.IID, WebURL: mr.WebURL}, nil
			}
		}
		branch, remove := Branch, true
		mr, resp, err := c.MergeRequests.CreateMergeRequest(p.Project, &gitlab.CreateMergeRequestOptions{
			Title: &p.Title, Description: &description, SourceBranch: &branch, TargetBranch: &p.Target,
			RemoveSourceBranch: &remove,
		}, gitlab.WithContext(ctx))
		if err == nil {
			return Result{Action: Opened, IID: mr.IID, WebURL: mr.WebURL}, nil
		}
		lastErr = fmt.Errorf("create merge request: %w", err)
		if resp == nil || (resp.StatusCode < http.StatusInternalServerError && resp.StatusCode != http.StatusConflict) {
			return Result{}, lastErr
		}
		if resp.StatusCode != http.StatusConflict {
			select {
			case <-ctx.Done():
				return Result{}, errors.Join(lastErr, ctx.Err())
			case <-time.After(wait):
			}
			wait *= 2
		}
	}
	return Result{}, lastErr
}

// find returns the open merge request from score/fix into the target, and
// the newest closed (not merged) one.
func find(ctx context.Context, c *gitlab.Client, p Proposal) (open, closed *gitlab.BasicMergeRequest, err error) {
	branch, state := Branch, "all"
	opt := &gitlab.ListProjectMergeRequestsOptions{
		ListOptions:  gitlab.ListOptions{PerPage: 100, Page: 1},
		SourceBranch: &branch, TargetBranch: &p.Target, State: &state,
	}
	for {
		mrs, resp, err := c.MergeRequests.ListProjectMergeRequests(p.Project, opt, gitlab.WithContext(ctx))
		if err != nil {
			return nil, nil, fmt.Errorf("list merge requests: %w", err)
		}
		for _, mr := range mrs {
			switch {
			case mr.State == "opened" && open == nil:
				open = mr
			case mr.State == "closed" && (closed == nil || mr.CreatedAt != nil && closed.CreatedAt != nil && mr.CreatedAt.After(*closed.CreatedAt)):
				closed = mr
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return open, closed, nil
		}
		opt.Page = resp.NextPage
	}
}

// checkBase makes sure each file on the target branch is what the change
// was computed from, so that the commit (which writes whole files) does not
// undo somebody's work.
func checkBase(ctx context.Context, c *gitlab.Client, p Proposal) error {
	for _, ch := range p.Changes {
		raw, resp, err := c.RepositoryFiles.GetRawFile(p.Project, ch.Path, &gitlab.GetRawFileOptions{Ref: &p.Target}, gitlab.WithContext(ctx))
		missing := resp != nil && resp.StatusCode == http.StatusNotFound
		switch {
		case err != nil && !missing:
			return fmt.Errorf("read %s on %s: %w", ch.Path, p.Target, err)
		case ch.Created && !missing, !ch.Created && (missing || string(raw) != string(ch.Old)):
			return &StaleError{Path: ch.Path, Target: p.Target}
		}
	}
	return nil
}

// commit writes the changes on score/fix, starting again from the target
// branch each time (force), so that the branch is always target + fixes.
func commit(ctx context.Context, c *gitlab.Client, p Proposal) error {
	var actions []*gitlab.CommitActionOptions
	for _, ch := range p.Changes {
		action := gitlab.FileUpdate
		if ch.Created {
			action = gitlab.FileCreate
		}
		path, content := ch.Path, string(ch.New)
		actions = append(actions, &gitlab.CommitActionOptions{Action: &action, FilePath: &path, Content: &content})
	}
	branch, force := Branch, true
	msg := p.Title + "\n\n" + strings.TrimSpace(fingerprintRe.ReplaceAllString(p.Description, ""))
	_, _, err := c.Commits.CreateCommit(p.Project, &gitlab.CreateCommitOptions{
		Branch: &branch, StartBranch: &p.Target, CommitMessage: &msg, Actions: actions, Force: &force,
	}, gitlab.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("commit to %s: %w", Branch, err)
	}
	return nil
}
