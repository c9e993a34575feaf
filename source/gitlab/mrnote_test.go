package gitlab_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/source/gitlab"
)

func setup(t *testing.T) (*gittest.GitLab, gitlab.Target) {
	t.Helper()
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-mrnote"
	p := gl.AddProject(gittest.Project{PathWithNamespace: "acme/api", DefaultBranch: "main"})
	return gl, gitlab.Target{Project: p.ID, IID: 3}
}

func upsert(t *testing.T, gl *gittest.GitLab, target gitlab.Target, body string) (gitlab.Action, error) {
	t.Helper()
	c, err := gitlab.NewClient(gl.URL+"/api/v4", gl.Token)
	if err != nil {
		t.Fatal(err)
	}
	return gitlab.Upsert(context.Background(), c, target, body, gitlab.Options{Backoff: 10 * time.Millisecond})
}

func TestUpsertFindsItsNoteAmongMany(t *testing.T) {
	t.Parallel()
	gl, target := setup(t)
	// More notes than one page holds, ours among the last, and a human
	// quoting the marker in a system note that must not be taken.
	for i := range 150 {
		gl.AddNote("acme/api", 3, gittest.Note{Body: "lgtm " + strings.Repeat("!", i%3)})
	}
	gl.AddNote("acme/api", 3, gittest.Note{Body: gitlab.Marker + "\nold", System: true})
	if a, err := upsert(t, gl, target, "first"); err != nil || a != gitlab.Created {
		t.Fatalf("first upsert: %v %v", a, err)
	}
	if a, err := upsert(t, gl, target, "second"); err != nil || a != gitlab.Updated {
		t.Fatalf("second upsert: %v %v", a, err)
	}
	ours := 0
	for _, n := range gl.Notes("acme/api", 3) {
		if !n.System && strings.Contains(n.Body, gitlab.Marker) {
			ours++
			if !strings.Contains(n.Body, "second") {
				t.Errorf("note not updated: %q", n.Body)
			}
		}
	}
	if ours != 1 {
		t.Errorf("%d score notes, want 1", ours)
	}
}

func TestUpsertDoesNotRetryClientErrors(t *testing.T) {
	t.Parallel()
	gl, target := setup(t)
	gl.Fail(gittest.Failure{Method: http.MethodPost, PathPrefix: "/api/v4/projects/", Status: http.StatusForbidden})
	if _, err := upsert(t, gl, target, "x"); err == nil {
		t.Fatal("a 403 on create should fail")
	}
	posts := 0
	for _, r := range gl.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d creates after a 403, want 1", posts)
	}
}

func TestUpsertRetriesServerErrorWithoutDuplicating(t *testing.T) {
	t.Parallel()
	gl, target := setup(t)
	// The first create is stored, then answered 502; the second create
	// attempt would duplicate it unless the notes are listed again.
	gl.Fail(gittest.Failure{Method: http.MethodPost, PathPrefix: "/api/v4/projects/", Status: http.StatusBadGateway, AfterEffect: true})
	a, err := upsert(t, gl, target, "body")
	if err != nil {
		t.Fatal(err)
	}
	if a != gitlab.Updated {
		t.Errorf("action %s, want updated (the note the 502 hid was found)", a)
	}
	if n := len(gl.Notes("acme/api", 3)); n != 1 {
		t.Errorf("%d notes, want 1", n)
	}
}
