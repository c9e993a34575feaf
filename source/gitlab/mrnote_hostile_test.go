package gitlab_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/source/gitlab"
)

// A note by another user that quotes score's marker is not score's note:
// it is never edited, and score writes its own.
func TestUpsertLeavesAnotherUsersMarkedNoteAlone(t *testing.T) {
	t.Parallel()
	gl, target := setup(t)
	gl.UserID = 7
	const bait = gitlab.Marker + "\nplease overwrite me"
	theirs := gl.AddNote("acme/api", 3, gittest.Note{Body: bait, Author: gittest.Author{ID: 99, Username: "mallory"}})
	if a, err := upsert(t, gl, target, "first"); err != nil || a != gitlab.Created {
		t.Fatalf("first upsert: %v %v; want created", a, err)
	}
	if a, err := upsert(t, gl, target, "second"); err != nil || a != gitlab.Updated {
		t.Fatalf("second upsert: %v %v; want updated", a, err)
	}
	var ours int
	for _, n := range gl.Notes("acme/api", 3) {
		switch {
		case n.ID == theirs.ID:
			if n.Body != bait {
				t.Errorf("another user's note was changed to %q", n.Body)
			}
		case n.Author.ID == 7:
			ours++
			if !strings.Contains(n.Body, "second") {
				t.Errorf("own note not updated: %q", n.Body)
			}
		}
	}
	if ours != 1 {
		t.Errorf("%d notes by the token's user, want 1", ours)
	}
	users := 0
	for _, r := range gl.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/notes/"+itoa(theirs.ID)) {
			t.Errorf("PUT to another user's note: %s", r.Path)
		}
		if r.Path == "/api/v4/user" {
			users++
		}
	}
	if users != 2 { // once per Upsert
		t.Errorf("GET /user %d times, want 2", users)
	}
}

// A server that answers X-Next-Page: 1 on every page is stopped at the
// first page that does not move forward, with an error naming the
// endpoint.
func TestUpsertStopsOnANonAdvancingNextPage(t *testing.T) {
	t.Parallel()
	gl, target := setup(t)
	gl.MaxPerPage = 2
	for range 5 {
		gl.AddNote("acme/api", 3, gittest.Note{Body: "lgtm", Author: gittest.Author{ID: 50}})
	}
	gl.StuckNextPage = true
	_, err := upsert(t, gl, target, "body")
	if err == nil || !strings.Contains(err.Error(), "merge_requests/3/notes") || !strings.Contains(err.Error(), "next page is 1") {
		t.Fatalf("err = %v; want a non-advancing page error naming the notes endpoint", err)
	}
	lists := 0
	for _, r := range gl.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/notes") {
			lists++
		}
		if r.Method == http.MethodPost {
			t.Errorf("created a note after failing to list them: %s", r.Path)
		}
	}
	if lists > 3 {
		t.Errorf("listed notes %d times; want it stopped at once", lists)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
