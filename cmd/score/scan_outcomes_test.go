package main

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
)

// TestScanOutcomes: `score scan --outcomes` over a GitLab group adds each
// repository's delivery measures, the team medians and the alignment to
// the document and the history store, and leaves every score as a scan
// without it has them. A project whose token may not read deployments
// (403) keeps its row and score, its deployment measures empty with the
// reason.
func TestScanOutcomes(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-outcomes-cli"
	now := time.Now().UTC()
	day := 24 * time.Hour
	var ids []int64
	for _, name := range []string{"acme/pay", "acme/locked"} {
		p := gl.AddProject(gittest.Project{PathWithNamespace: name, DefaultBranch: "main",
			HTTPURL: srv.Add(name, gittest.NewRepo(t, serviceFiles))})
		ids = append(ids, p.ID)
		gl.AddEnvironment(name, gittest.Environment{Name: "production", Tier: "production"})
		for _, ago := range []int{80, 40, 10} {
			gl.AddDeployment(name, gittest.Deployment{Environment: "production", Status: "success",
				SHA: fmt.Sprintf("sha-%d", ago), CreatedAt: now.Add(-time.Duration(ago) * day)})
		}
		merged := now.Add(-41 * day)
		gl.AddMergedMergeRequest(name, gittest.MergeRequest{Title: "Change", MergedAt: &merged},
			[]gittest.MRCommit{{ID: "c1", AuthoredDate: now.Add(-42 * day)}})
	}
	gl.Fail(gittest.Failure{Method: "GET", PathPrefix: fmt.Sprintf("/api/v4/projects/%d/deployments", ids[1]), Status: 403})

	dir := t.TempDir()
	env := map[string]string{"GITLAB_TOKEN": gl.Token}
	scan := func(out string, extra ...string) (*scorecard.Scan, string) {
		args := append([]string{"scan", "--gitlab-group", "acme", "--gitlab-url", gl.URL, "--out", out,
			"--store", filepath.Join(dir, "history.db"), "--full", "--progress", "none"}, extra...)
		_, stderr, code := runCLI(t, env, args...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return readScan(t, out), stderr
	}
	plain, _ := scan(filepath.Join(dir, "plain.json"))
	with, stderr := scan(filepath.Join(dir, "outcomes.json"), "--outcomes", "--outcomes-window", "90d")
	if strings.Contains(stderr, gl.Token) {
		t.Error("the token was printed")
	}
	if plain.Alignment != nil || plain.Repos[0].Outcomes != nil {
		t.Error("outcomes collected without --outcomes")
	}
	for i, r := range with.Repos {
		if r.Error != "" || r.Score != plain.Repos[i].Score || r.Level != plain.Repos[i].Level {
			t.Errorf("%s: score %v %s (error %q) with --outcomes, %v %s without", r.Name, r.Score, r.Level, r.Error, plain.Repos[i].Score, plain.Repos[i].Level)
		}
	}
	byName := map[string]*scorecard.Outcomes{}
	for _, r := range with.Repos {
		byName[r.Name] = r.Outcomes
	}
	pay, locked := byName["acme/pay"], byName["acme/locked"]
	if pay == nil || locked == nil {
		t.Fatalf("outcomes missing: %+v", byName)
	}
	if v := pay.DeploymentFrequency.Value; v == nil || math.Abs(*v-3.0/90) > 1e-4 || pay.DeploymentFrequency.Source != "gitlab-api" {
		t.Errorf("acme/pay deployment frequency = %+v, want 3/90 from gitlab-api", pay.DeploymentFrequency)
	}
	if v := pay.LeadTime.Value; v == nil || math.Abs(*v-48) > 1e-4 {
		t.Errorf("acme/pay lead time = %+v, want 48h (first commit to the deployment 40 days ago)", pay.LeadTime)
	}
	if locked.DeploymentFrequency.Value != nil || !strings.Contains(locked.DeploymentFrequency.Reason, "403") {
		t.Errorf("acme/locked deployment frequency = %+v, want empty with the 403", locked.DeploymentFrequency)
	}
	if v := locked.LeadTime.Value; v == nil || math.Abs(*v-24) > 1e-4 {
		t.Errorf("acme/locked lead time = %+v, want 24h to the merge", locked.LeadTime)
	}
	if len(with.Teams) == 0 || with.Teams[0].Outcomes == nil || with.Teams[0].Outcomes.Repos != 2 {
		t.Errorf("team outcomes = %+v", with.Teams)
	}
	if with.Alignment == nil || with.Alignment.Note != scorecard.AlignmentNote {
		t.Errorf("alignment = %+v", with.Alignment)
	}
	store, err := history.Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	points, err := store.OutcomeHistory(context.Background(), "acme/pay", scorecard.LeadTime)
	if err != nil || len(points) != 1 || points[0].Value == nil {
		t.Errorf("stored lead time = %+v, %v; want one value (the plain scan stores none)", points, err)
	}

	_, stderr, code := runCLI(t, env, "scan", "--gitlab-group", "acme", "--outcomes-window", "3 weeks")
	if code != ExitUsage || !strings.Contains(stderr, "--outcomes-window") {
		t.Errorf("bad window: exit %d, %s", code, stderr)
	}
}

// TestScanOutcomesWithoutToken: a public group scanned without a token
// keeps every row and score; each measure is empty, saying that GitLab's
// API was not asked.
func TestScanOutcomesWithoutToken(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	gl := gittest.NewGitLab(t)
	gl.AddProject(gittest.Project{PathWithNamespace: "acme/open", DefaultBranch: "main",
		HTTPURL: srv.Add("acme/open", gittest.NewRepo(t, serviceFiles))})
	out := filepath.Join(t.TempDir(), "scan.json")
	_, stderr, code := runCLI(t, nil, "scan", "--gitlab-group", "acme", "--gitlab-url", gl.URL, "--out", out,
		"--no-store", "--progress", "none", "--outcomes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	scan := readScan(t, out)
	r := scan.Repos[0]
	if r.Error != "" || r.Level == "" || r.Outcomes == nil {
		t.Fatalf("row = %+v", r)
	}
	for _, name := range scorecard.MeasureNames {
		if m := r.Outcomes.Get(name); m.Value != nil || !strings.Contains(m.Reason, "no GitLab token") {
			t.Errorf("%s = %+v, want empty for want of a token", name, m)
		}
	}
}
