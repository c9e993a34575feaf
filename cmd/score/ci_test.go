package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/source/gitlab"

	"github.com/scoredev/score/internal/gittest"
)

// mrSetup is a merge request: a base commit on main, an MR commit on a
// branch, checked out as GitLab runners do (a shallow clone of the MR head),
// and a GitLab stand-in for the notes API.
type mrSetup struct {
	gl        *gittest.GitLab
	clone     string
	base      string
	artifacts string
	env       map[string]string
}

func newMRSetup(t *testing.T, iid int64) *mrSetup {
	t.Helper()
	upstream := gittest.NewRepo(t, serviceFiles)
	base := upstream.Head()
	upstream.Git("checkout", "-q", "-b", "feature")
	upstream.Commit(gittest.Files{
		"Dockerfile": "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT [\"/app\"]\n",
	}, "run as a non-root user")
	clone := t.TempDir()
	gittest.Git(t, clone, "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+upstream.Dir, ".")

	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-test-secret-token"
	proj := gl.AddProject(gittest.Project{PathWithNamespace: "acme/payments", DefaultBranch: "main"})
	s := &mrSetup{gl: gl, clone: clone, base: base, artifacts: t.TempDir()}
	s.env = map[string]string{
		"CI":                             "true",
		"CI_PIPELINE_SOURCE":             "merge_request_event",
		"CI_MERGE_REQUEST_IID":           fmt.Sprint(iid),
		"CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
		"CI_PROJECT_ID":                  fmt.Sprint(proj.ID),
		"CI_PROJECT_PATH":                "acme/payments",
		"CI_API_V4_URL":                  gl.URL + "/api/v4",
		"CI_PROJECT_DIR":                 clone,
		"CI_JOB_TOKEN":                   "job-token-value",
		"SCORE_GITLAB_TOKEN":             gl.Token,
	}
	return s
}

func (s *mrSetup) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCLI(t, s.env, append([]string{"ci", "--artifacts-dir", s.artifacts}, args...)...)
}

func TestCIMergeRequestNoteCreatedThenUpdated(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 7)
	if exec.Command("git", "-C", s.clone, "cat-file", "-e", s.base+"^{commit}").Run() == nil {
		t.Fatal("the shallow clone already has the base commit; the fetch path would not be exercised")
	}
	_, stderr, code := s.run(t)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notes := s.gl.Notes("acme/payments", 7)
	if len(notes) != 1 {
		t.Fatalf("after the first run: %d notes, want 1", len(notes))
	}
	if !strings.Contains(notes[0].Body, gitlab.Marker) || !strings.Contains(notes[0].Body, "security.container-non-root") {
		t.Errorf("note lacks the marker or the fixed check:\n%s", notes[0].Body)
	}
	_, stderr, code = s.run(t)
	if code != ExitOK {
		t.Fatalf("second run exit %d: %s", code, stderr)
	}
	if notes := s.gl.Notes("acme/payments", 7); len(notes) != 1 {
		t.Fatalf("after the second run: %d notes, want 1 (updated)", len(notes))
	}
	if !strings.Contains(stderr, "updated") {
		t.Errorf("second run did not update the note: %s", stderr)
	}
	if strings.Contains(stderr, s.gl.Token) {
		t.Error("the token was printed")
	}
}

func TestCIRetryAfter502OnCreateLeavesOneNote(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 9)
	s.gl.Fail(gittest.Failure{Method: http.MethodPost, PathPrefix: "/api/v4/projects/", Status: http.StatusBadGateway, AfterEffect: true})
	_, stderr, code := s.run(t)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if notes := s.gl.Notes("acme/payments", 9); len(notes) != 1 {
		t.Fatalf("a 502 on create left %d notes, want 1", len(notes))
	}
}

func TestCIWithoutTokenStillWritesArtifacts(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 11)
	delete(s.env, "SCORE_GITLAB_TOKEN")
	_, stderr, code := s.run(t)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0 (advisory): %s", code, stderr)
	}
	if !strings.Contains(stderr, "CI job token cannot post merge-request notes") {
		t.Errorf("no clear message about the missing token:\n%s", stderr)
	}
	if n := len(s.gl.Notes("acme/payments", 11)); n != 0 {
		t.Errorf("%d notes posted without a token", n)
	}
	for _, a := range defaultArtifacts {
		if _, err := os.Stat(filepath.Join(s.artifacts, a.path)); err != nil {
			t.Errorf("artifact %s not written: %v", a.path, err)
		}
	}
	if strings.Contains(stderr, "job-token-value") {
		t.Error("the job token was printed")
	}
}

func TestCIArtifactsAreValid(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 12)
	if _, stderr, code := s.run(t, "--no-note"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Code Quality: exactly GitLab's required fields.
	var issues []map[string]any
	if err := json.Unmarshal(readFile(t, filepath.Join(s.artifacts, "gl-code-quality-report.json")), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) == 0 {
		t.Fatal("no Code Quality issues for a repository with failing checks")
	}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity", "location"} {
			if _, ok := is[k]; !ok {
				t.Errorf("issue lacks %q: %v", k, is)
			}
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if _, ok := loc["path"].(string); !ok || lines["begin"] == nil {
			t.Errorf("location needs path and lines.begin: %v", is["location"])
		}
	}
	// JUnit: parses, and counts match the testcases.
	var suites struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Cases    []struct {
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(readFile(t, filepath.Join(s.artifacts, "score-junit.xml")), &suites); err != nil {
		t.Fatal(err)
	}
	if len(suites.Suites) != 1 {
		t.Fatalf("%d suites, want 1", len(suites.Suites))
	}
	su := suites.Suites[0]
	failures := 0
	for _, c := range su.Cases {
		if c.Failure != nil {
			failures++
		}
	}
	if su.Tests != len(su.Cases) || su.Failures != failures || su.Tests != catalogueSize(t) {
		t.Errorf("junit counts: tests=%d cases=%d failures=%d counted=%d", su.Tests, len(su.Cases), su.Failures, failures)
	}
}

func TestCIEnforceIsOptIn(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 13)
	if _, _, code := s.run(t, "--no-note", "--enforce", "gold"); code != ExitBelowLevel {
		t.Errorf("--enforce gold: exit %d, want %d", code, ExitBelowLevel)
	}
}

func TestCIDefaultBranchPipelineJustScores(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 14)
	for _, k := range []string{"CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_DIFF_BASE_SHA"} {
		delete(s.env, k)
	}
	s.env["CI_PIPELINE_SOURCE"] = "push"
	_, stderr, code := s.run(t, "--output", "json=score.json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if reqs := s.gl.Requests(); len(reqs) != 0 {
		t.Errorf("a default-branch pipeline called the GitLab API: %+v", reqs)
	}
	doc := string(readFile(t, filepath.Join(s.artifacts, "score.json")))
	if strings.Contains(doc, `"comparison"`) {
		t.Error("a default-branch pipeline has no base to compare with")
	}
	if !strings.Contains(doc, `"name": "acme/payments"`) {
		t.Error("the repository is not named after CI_PROJECT_PATH")
	}
}
