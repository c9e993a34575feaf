package gitlabmr

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/source/gitlab"

	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/internal/gittest"
)

const project = "shop/orders"

func setup(t *testing.T) (*gittest.GitLab, Proposal, func(Proposal) Result) {
	t.Helper()
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-secret"
	gl.AddProject(gittest.Project{PathWithNamespace: project, DefaultBranch: "main"})
	gl.SetFiles(project, "main", map[string]string{"Dockerfile": "FROM alpine\n", "README.md": "# orders\n"})
	c, err := gitlab.NewClient(gl.URL, gl.Token)
	if err != nil {
		t.Fatal(err)
	}
	p := Proposal{
		Project: project, Target: "main",
		Title:       "score fix: 2 checks",
		Description: "Fixes security.container-non-root and security.security-policy.",
		Changes: []fix.Change{
			{Path: "Dockerfile", Old: []byte("FROM alpine\n"), New: []byte("FROM alpine\nUSER 10001\n")},
			{Path: "SECURITY.md", Created: true, New: []byte("# Security policy\n")},
		},
	}
	run := func(p Proposal) Result {
		t.Helper()
		res, err := Propose(context.Background(), c, p, Options{Backoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	return gl, p, run
}

func openMRs(gl *gittest.GitLab) int {
	n := 0
	for _, mr := range gl.MergeRequests(project) {
		if mr.State == "opened" {
			n++
		}
	}
	return n
}

func TestProposeOneBranchOneMR(t *testing.T) {
	t.Parallel()
	gl, p, run := setup(t)
	first := run(p)
	if first.Action != Opened || first.IID != 1 {
		t.Fatalf("first run: %+v", first)
	}
	second := run(p)
	if second.Action != Unchanged || second.IID != 1 {
		t.Errorf("second run: %+v, want unchanged !1", second)
	}
	if got := gl.Branches(project); strings.Join(got, ",") != "main,score/fix" {
		t.Errorf("branches %v", got)
	}
	if n := len(gl.MergeRequests(project)); n != 1 {
		t.Errorf("%d merge requests after two runs, want 1", n)
	}
	if n := len(gl.Commits(project)); n != 1 {
		t.Errorf("%d commits after two identical runs, want 1", n)
	}
	files := gl.Files(project, Branch)
	if files["Dockerfile"] != "FROM alpine\nUSER 10001\n" || files["SECURITY.md"] != "# Security policy\n" || files["README.md"] != "# orders\n" {
		t.Errorf("score/fix holds %v", files)
	}
	if main := gl.Files(project, "main"); main["Dockerfile"] != "FROM alpine\n" {
		t.Errorf("main was changed: %v", main)
	}

	// The fixes change: the same branch and merge request are updated.
	p.Changes[1].New = []byte("# Security policy\n\nReport privately.\n")
	p.Title = "score fix: 2 checks (updated)"
	third := run(p)
	if third.Action != Updated || third.IID != 1 {
		t.Errorf("changed fixes: %+v, want updated !1", third)
	}
	mrs := gl.MergeRequests(project)
	if len(mrs) != 1 || mrs[0].Title != p.Title || !strings.Contains(mrs[0].Description, "<!-- score-fix: "+Fingerprint(p.Changes)+" -->") {
		t.Errorf("merge requests: %+v", mrs)
	}
	if gl.Files(project, Branch)["SECURITY.md"] != "# Security policy\n\nReport privately.\n" {
		t.Error("score/fix does not hold the new fixes")
	}
	for _, r := range gl.Requests() {
		if strings.Contains(r.Path+r.Body+r.Query.Encode(), gl.Token) {
			t.Errorf("the token appears in a request path or body: %s %s", r.Method, r.Path)
		}
	}
}

func TestProposeRespectsAClosedMR(t *testing.T) {
	t.Parallel()
	gl, p, run := setup(t)
	run(p)
	gl.SetMergeRequestState(project, 1, "closed")
	res := run(p)
	if res.Action != Skipped || !strings.Contains(res.Reason, "closed without merging") {
		t.Errorf("after a close: %+v, want skipped", res)
	}
	if len(gl.MergeRequests(project)) != 1 || openMRs(gl) != 0 {
		t.Errorf("a closed merge request was reopened or duplicated: %+v", gl.MergeRequests(project))
	}
	p.Changes = p.Changes[:1] // the fixes change
	res = run(p)
	if res.Action != Opened || res.IID != 2 || openMRs(gl) != 1 {
		t.Errorf("after the fixes changed: %+v; merge requests %+v", res, gl.MergeRequests(project))
	}
}

func TestProposeServerErrorOnCreateDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	for _, afterEffect := range []bool{true, false} {
		gl, p, run := setup(t)
		// A proxy answers 502 on the first create, whether or not GitLab
		// created the merge request behind it.
		gl.Fail(gittest.Failure{Method: http.MethodPost, PathPrefix: "/api/v4/projects/" + project + "/merge_requests", Status: http.StatusBadGateway, AfterEffect: afterEffect})
		res := run(p)
		if res.Action != Opened {
			t.Errorf("afterEffect=%v: %+v", afterEffect, res)
		}
		if n := len(gl.MergeRequests(project)); n != 1 {
			t.Errorf("afterEffect=%v: %d merge requests, want 1", afterEffect, n)
		}
		creates := 0
		for _, r := range gl.Requests() {
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/merge_requests") {
				creates++
			}
		}
		want := 2
		if afterEffect {
			want = 1 // listed again, found, not created twice
		}
		if creates != want {
			t.Errorf("afterEffect=%v: %d create requests, want %d", afterEffect, creates, want)
		}
	}
}

func TestProposeRefusesAStaleBase(t *testing.T) {
	t.Parallel()
	gl, p, run := setup(t)
	gl.SetFiles(project, "main", map[string]string{"Dockerfile": "FROM alpine:3.20\n"})
	c, _ := gitlab.NewClient(gl.URL, gl.Token)
	_, err := Propose(context.Background(), c, p, Options{Backoff: time.Millisecond})
	var stale *StaleError
	if !errors.As(err, &stale) || stale.Path != "Dockerfile" {
		t.Fatalf("error %v, want a StaleError for Dockerfile", err)
	}
	if len(gl.Commits(project)) != 0 || len(gl.MergeRequests(project)) != 0 {
		t.Error("wrote although the base changed")
	}
	_ = run
}
