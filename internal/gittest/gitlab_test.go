package gittest_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/scoredev/score/internal/gittest"
)

// client talks to the stand-in with the real client, so that the shapes
// and headers are checked against what client-go expects.
func client(t *testing.T, g *gittest.GitLab, opts ...gitlab.ClientOptionFunc) *gitlab.Client {
	t.Helper()
	opts = append([]gitlab.ClientOptionFunc{gitlab.WithBaseURL(g.URL),
		gitlab.WithCustomRetryWaitMinMax(time.Millisecond, 2*time.Millisecond),
		gitlab.WithCustomBackoff(func(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return time.Millisecond })}, opts...)
	c, err := gitlab.NewClient(g.Token, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGitLabGroupProjects(t *testing.T) {
	t.Parallel()
	g := gittest.NewGitLab(t)
	g.AddProject(gittest.Project{PathWithNamespace: "g/a", DefaultBranch: "main", Topics: []string{"x"}})
	g.AddProject(gittest.Project{PathWithNamespace: "g/sub/b", DefaultBranch: "trunk", ForkedFrom: "up/b"})
	g.AddProject(gittest.Project{PathWithNamespace: "g/c", Archived: true})
	c := client(t, g)

	for _, tc := range []struct {
		subgroups bool
		archived  *bool
		want      string
	}{
		{false, nil, "g/a,g/c"},
		{true, nil, "g/a,g/c,g/sub/b"},
		{true, gitlab.Ptr(false), "g/a,g/sub/b"},
		{true, gitlab.Ptr(true), "g/c"},
	} {
		ps, _, err := c.Groups.ListGroupProjects("g", &gitlab.ListGroupProjectsOptions{
			IncludeSubGroups: gitlab.Ptr(tc.subgroups), Archived: tc.archived})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.PathWithNamespace)
		}
		slices.Sort(got)
		if strings.Join(got, ",") != tc.want {
			t.Errorf("subgroups=%v archived=%v: %v; want %s", tc.subgroups, tc.archived, got, tc.want)
		}
	}
	ps, _, err := c.Groups.ListGroupProjects("g/sub", nil)
	if err != nil || len(ps) != 1 {
		t.Fatalf("g/sub: %v, %v", ps, err)
	}
	b := ps[0]
	if b.DefaultBranch != "trunk" || b.Namespace == nil || b.Namespace.FullPath != "g/sub" || b.ForkedFromProject == nil ||
		b.ForkedFromProject.PathWithNamespace != "up/b" || b.HTTPURLToRepo != g.URL+"/g/sub/b.git" || b.LastActivityAt == nil {
		t.Errorf("project = %+v", b)
	}
	if _, _, err := c.Groups.ListGroupProjects("nope", nil); err == nil {
		t.Error("unknown group listed")
	}
}

func TestGitLabPaginationHeaders(t *testing.T) {
	t.Parallel()
	g := gittest.NewGitLab(t)
	for i := range 7 {
		g.AddProject(gittest.Project{PathWithNamespace: fmt.Sprintf("g/p%d", i), DefaultBranch: "main"})
	}
	c := client(t, g)
	_, resp, err := c.Groups.ListGroupProjects("g", &gitlab.ListGroupProjectsOptions{ListOptions: gitlab.ListOptions{PerPage: 3, Page: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.CurrentPage != 2 || resp.NextPage != 3 || resp.PreviousPage != 1 || resp.TotalPages != 3 || resp.TotalItems != 7 || resp.ItemsPerPage != 3 {
		t.Errorf("page info = %+v", resp)
	}
	if !strings.Contains(resp.NextLink, "page=3") || !strings.Contains(resp.LastLink, "page=3") || !strings.Contains(resp.FirstLink, "page=1") {
		t.Errorf("links: next %q first %q last %q", resp.NextLink, resp.FirstLink, resp.LastLink)
	}
	all, err := gitlab.ScanAndCollect(func(p gitlab.PaginationOptionFunc) ([]*gitlab.Project, *gitlab.Response, error) {
		opts := []gitlab.RequestOptionFunc{}
		if p != nil {
			opts = append(opts, p)
		}
		return c.Groups.ListGroupProjects("g", &gitlab.ListGroupProjectsOptions{ListOptions: gitlab.ListOptions{PerPage: 3}}, opts...)
	})
	if err != nil || len(all) != 7 {
		t.Errorf("scan of all pages: %d, %v", len(all), err)
	}
}

func TestGitLabMergeRequestNotes(t *testing.T) {
	t.Parallel()
	g := gittest.NewGitLab(t)
	g.Token = "glpat-notes"
	g.AddProject(gittest.Project{ID: 42, PathWithNamespace: "g/svc", DefaultBranch: "main"})
	g.AddNote("42", 7, gittest.Note{Body: "LGTM", Author: gittest.Author{Username: "alice"}})
	g.AddNote("42", 7, gittest.Note{Body: "added 1 commit", System: true, Author: gittest.Author{Username: "alice"}})
	c := client(t, g)

	n, resp, err := c.Notes.CreateMergeRequestNote(42, 7, &gitlab.CreateMergeRequestNoteOptions{Body: gitlab.Ptr("score: 80")})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v, %v", resp, err)
	}
	if n.Body != "score: 80" || n.Author.Username != "score-bot" || n.System || n.CreatedAt == nil {
		t.Errorf("created note = %+v", n)
	}
	u, resp, err := c.Notes.UpdateMergeRequestNote("g/svc", 7, n.ID, &gitlab.UpdateMergeRequestNoteOptions{Body: gitlab.Ptr("score: 90")})
	if err != nil || resp.StatusCode != http.StatusOK || u.Body != "score: 90" || u.ID != n.ID {
		t.Fatalf("update by path: %+v, %v", u, err)
	}
	notes, resp, err := c.Notes.ListMergeRequestNotes(42, 7, &gitlab.ListMergeRequestNotesOptions{ListOptions: gitlab.ListOptions{PerPage: 2}})
	if err != nil || len(notes) != 2 || resp.TotalItems != 3 || resp.NextPage != 2 {
		t.Fatalf("list page 1: %d notes, %+v, %v", len(notes), resp, err)
	}
	if notes[0].Body != "score: 90" {
		t.Errorf("newest first: %q", notes[0].Body)
	}
	if _, _, err := c.Notes.UpdateMergeRequestNote(42, 7, 999, &gitlab.UpdateMergeRequestNoteOptions{Body: gitlab.Ptr("x")}); err == nil {
		t.Error("update of a missing note succeeded")
	}

	if _, _, err := client(t, &gittest.GitLab{URL: g.URL, Token: "wrong"}).Notes.ListMergeRequestNotes(42, 7, nil); err == nil {
		t.Error("wrong token accepted")
	}
	var methods []string
	for _, r := range g.Requests() {
		methods = append(methods, fmt.Sprintf("%s %d", r.Method, r.Status))
	}
	if got := strings.Join(methods, ","); got != "POST 201,PUT 200,GET 200,PUT 404,GET 401" {
		t.Errorf("recorded: %s", got)
	}
}

// TestGitLabFailureAfterEffect shows the trap the stand-in exists to catch:
// a 502 on a create the server did store. client-go's default retries POST
// on 5xx and duplicates the note; with only idempotent retries it does not.
func TestGitLabFailureAfterEffect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		opts      []gitlab.ClientOptionFunc
		wantNotes int
	}{
		{"default retries duplicate", nil, 2},
		{"idempotent retries only", []gitlab.ClientOptionFunc{gitlab.WithOnlyIdempotentRetries()}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := gittest.NewGitLab(t)
			g.Fail(gittest.Failure{Method: http.MethodPost, PathPrefix: "/api/v4/projects/", Status: http.StatusBadGateway, AfterEffect: true})
			_, _, _ = client(t, g, tc.opts...).Notes.CreateMergeRequestNote(5, 1, &gitlab.CreateMergeRequestNoteOptions{Body: gitlab.Ptr("hi")})
			if n := len(g.Notes("5", 1)); n != tc.wantNotes {
				t.Errorf("%d notes stored; want %d", n, tc.wantNotes)
			}
		})
	}
}
