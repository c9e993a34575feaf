package gitlab

// The merge-request note: score keeps exactly one note on a GitLab merge
// request: it finds the note by a hidden marker and updates it, or creates it
// once. Only a note written by the token's own user counts: another user's
// note that quotes the marker is never edited.
//
// Retries are limited to idempotent requests. A create that fails with a
// server error may still have created the note, so before creating again the
// notes are listed anew and an existing note is updated instead: a 5xx on
// create never leaves two notes.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// Marker is the hidden HTML comment that identifies score's note.
const Marker = "<!-- score:merge-request-note -->"

// Action says what Upsert did.
type Action string

// Actions.
const (
	Created Action = "created"
	Updated Action = "updated"
)

// Target is one merge request.
type Target struct {
	Project any // numeric id or "group/project"
	IID     int64
}

// Options tune Upsert.
type Options struct {
	// Attempts bounds create attempts after server errors (default 3).
	Attempts int
	// Backoff is the wait before the first retry, doubled each time
	// (default 1s).
	Backoff time.Duration
}

// NewClient builds a client that retries only idempotent requests.
func NewClient(baseURL, token string, extra ...gitlab.ClientOptionFunc) (*gitlab.Client, error) {
	opts := append([]gitlab.ClientOptionFunc{gitlab.WithBaseURL(baseURL), gitlab.WithOnlyIdempotentRetries()}, extra...)
	return gitlab.NewClient(token, opts...)
}

// Upsert writes body (the marker is added) as the single score note of the
// merge request.
func Upsert(ctx context.Context, c *gitlab.Client, t Target, body string, o Options) (Action, error) {
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if !strings.Contains(body, Marker) {
		body = Marker + "\n" + body
	}
	me, _, err := c.Users.CurrentUser(gitlab.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("find the token's user (GET /user): %w", err)
	}
	wait := o.Backoff
	var lastErr error
	for attempt := 1; attempt <= o.Attempts; attempt++ {
		existing, err := find(ctx, c, t, me.ID)
		if err != nil {
			return "", err
		}
		if existing != nil {
			_, _, err := c.Notes.UpdateMergeRequestNote(t.Project, t.IID, existing.ID,
				&gitlab.UpdateMergeRequestNoteOptions{Body: &body}, gitlab.WithContext(ctx))
			if err != nil {
				return "", fmt.Errorf("update merge request note %d: %w", existing.ID, err)
			}
			return Updated, nil
		}
		_, resp, err := c.Notes.CreateMergeRequestNote(t.Project, t.IID,
			&gitlab.CreateMergeRequestNoteOptions{Body: &body}, gitlab.WithContext(ctx))
		if err == nil {
			return Created, nil
		}
		lastErr = fmt.Errorf("create merge request note: %w", err)
		if resp == nil || resp.StatusCode < http.StatusInternalServerError {
			return "", lastErr
		}
		// A server error: the note may exist now. Look again before retrying.
		select {
		case <-ctx.Done():
			return "", errors.Join(lastErr, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
	return "", lastErr
}

// find returns score's note on the merge request, if any: a note by user
// (the token's own) that carries the marker, the oldest when there are
// several. A server whose X-Next-Page does not move forward is an error
// rather than a loop.
func find(ctx context.Context, c *gitlab.Client, t Target, user int64) (*gitlab.Note, error) {
	opt := &gitlab.ListMergeRequestNotesOptions{ListOptions: gitlab.ListOptions{PerPage: 100, Page: 1}}
	sortAsc, orderBy := "asc", "created_at"
	opt.Sort, opt.OrderBy = &sortAsc, &orderBy
	for {
		notes, resp, err := c.Notes.ListMergeRequestNotes(t.Project, t.IID, opt, gitlab.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("list merge request notes: %w", err)
		}
		for _, n := range notes {
			if !n.System && n.Author.ID == user && strings.Contains(n.Body, Marker) {
				return n, nil
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return nil, nil
		}
		if resp.NextPage <= opt.Page {
			return nil, fmt.Errorf("list merge request notes (GET projects/%v/merge_requests/%d/notes): page %d says the next page is %d; stopped instead of paging forever",
				t.Project, t.IID, opt.Page, resp.NextPage)
		}
		opt.Page = resp.NextPage
	}
}
