package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/internal/browsertest"
	"github.com/scoredev/score/scorecard"
)

// orgCatalogue is a small golden path over every category, for scans made
// without scanning.
var orgCatalogue = []scorecard.CheckInput{
	{ID: "build.ci-pipeline", Title: "A CI pipeline is defined", Category: "build", Level: scorecard.Bronze, Weight: 3, Remediation: "Add a `.gitlab-ci.yml`."},
	{ID: "build.base-image-pinned", Title: "Base images are pinned", Category: "build", Level: scorecard.Silver, Weight: 2, Remediation: "Pin every `FROM` image."},
	{ID: "test.unit-tests", Title: "Unit tests exist", Category: "test", Level: scorecard.Bronze, Weight: 3, Remediation: "Add unit tests."},
	{ID: "test.coverage", Title: "Coverage is measured", Category: "test", Level: scorecard.Silver, Weight: 2, Remediation: "Run `go test -cover`."},
	{ID: "observability.health-checks", Title: "Workloads have health checks", Category: "observability", Level: scorecard.Bronze, Weight: 3, Remediation: "Add probes."},
	{ID: "observability.tracing", Title: "A tracing SDK is used", Category: "observability", Level: scorecard.Gold, Weight: 1, Remediation: "Add OpenTelemetry."},
	{ID: "deploy.automated", Title: "Deployments are automated", Category: "deploy", Level: scorecard.Bronze, Weight: 3, Remediation: "Deploy from CI."},
	{ID: "security.container-non-root", Title: "Containers run as a non-root user", Category: "security", Level: scorecard.Silver, Weight: 3, Remediation: "Add a `USER 10001` line."},
	{ID: "security.sast", Title: "SAST runs in CI", Category: "security", Level: scorecard.Silver, Weight: 2, Remediation: "Include the SAST template."},
	{ID: "security.dependency-scanning", Title: "Dependencies are scanned", Category: "security", Level: scorecard.Gold, Weight: 2, Remediation: "Enable Renovate."},
	{ID: "ownership.readme", Title: "A README with real content", Category: "ownership", Level: scorecard.Bronze, Weight: 1, Remediation: "Describe the service."},
	{ID: "ownership.catalog-entry", Title: "A service-catalog entry exists", Category: "ownership", Level: scorecard.Gold, Weight: 1, Remediation: "Add a Backstage `catalog-info.yaml`."},
}

// orgScanAt is a scan of teams × repositories in which round decides how
// far along the golden path each repository is (later rounds pass more),
// with long names and paths that a careless layout lets overflow.
func orgScanAt(round int, at time.Time, teams, perTeam int) *scorecard.Scan {
	var repos []scorecard.Repo
	for ti := range teams {
		team := fmt.Sprintf("team-%d-with-a-rather-long-organisational-name", ti)
		for ri := range perTeam {
			name := fmt.Sprintf("acme/%s/service-%d-with-an-unusually-long-repository-name-that-does-not-wrap", team, ri)
			var checks []scorecard.CheckInput
			for ci, c := range orgCatalogue {
				c.Outcome = scorecard.Pass
				if (ti+ri+ci)%4 >= round {
					c.Outcome = scorecard.Fail
					c.Findings = []scorecard.Finding{{Message: "missing in `" + strings.Repeat("deeply/nested/", 8) + "Dockerfile`", Path: strings.Repeat("deeply/nested/", 8) + "Dockerfile", Line: 3}}
				}
				c.Evidence = []scorecard.Finding{{Message: "read from the CI file", Path: ".gitlab-ci.yml", Line: 1 + ci}}
				checks = append(checks, c)
			}
			repos = append(repos, scorecard.Score(scorecard.RepoMeta{Name: name, Team: team, Commit: fmt.Sprintf("%040d", round)}, checks, nil, at))
		}
	}
	s := &scorecard.Scan{Schema: scorecard.Schema, Tool: scorecard.Tool{Version: "test"}, StartedAt: at, FinishedAt: at.Add(time.Minute), Repos: repos}
	scorecard.Finalize(s)
	return s
}

// threeScanStore writes three scans a week apart into a real SQLite store
// at dir/score/history.db (the default store for XDG_DATA_HOME=dir) and the
// newest to dir/scan.json.
func threeScanStore(t *testing.T, dir string, teams, perTeam int) (store, scanFile string) {
	t.Helper()
	store = filepath.Join(dir, "score", "history.db")
	st, err := history.Open(store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var last *scorecard.Scan
	for round := 1; round <= 3; round++ {
		last = orgScanAt(round, t0.AddDate(0, 0, 7*(round-1)), teams, perTeam)
		if _, err := st.SaveScanWithSource(context.Background(), last, "test"); err != nil {
			t.Fatal(err)
		}
	}
	scanFile = filepath.Join(dir, "scan.json")
	f, err := os.Create(scanFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := scorecard.WriteJSON(f, last); err != nil {
		t.Fatal(err)
	}
	return store, scanFile
}

// Issue 15 item 12: `score report` without --store reads the default
// history store and charts the scans before this one; no default store
// means no charts, not an error.
func TestReportUsesTheDefaultHistoryStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, scanFile := threeScanStore(t, dir, 2, 2)
	out := filepath.Join(dir, "report.html")
	if _, stderr, code := runCLI(t, map[string]string{"XDG_DATA_HOME": dir}, "report", "--in", scanFile, "--format", "html", "--out", out); code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	page := string(readFile(t, out))
	if n := strings.Count(page, `<circle class="point"`); n != 3 {
		t.Errorf("%d points on the mean chart, want 3 (two stored scans before this one, and this one)", n)
	}
	if !strings.Contains(page, "the same 4 repositories in every point") {
		t.Error("the mean chart does not say which fixed set it is over")
	}
	if !strings.Contains(page, "since 2026-11-08") {
		t.Error("the trend is not against the newest stored scan before this one")
	}

	// --team narrows the history too: the fixed set is the team's.
	team, stderr, code := runCLI(t, map[string]string{"XDG_DATA_HOME": dir}, "report", "--in", scanFile, "--format", "html",
		"--team", "team-1-with-a-rather-long-organisational-name")
	if code != ExitOK {
		t.Fatalf("report --team: exit %d: %s", code, stderr)
	}
	if strings.Count(team, `<circle class="point"`) != 3 || !strings.Contains(team, "the same 2 repositories in every point") {
		t.Error("report --team does not chart the team's own repositories over the three scans")
	}

	empty := t.TempDir()
	md, stderr, code := runCLI(t, map[string]string{"XDG_DATA_HOME": empty}, "report", "--in", scanFile, "--format", "html")
	if code != ExitOK || stderr != "" {
		t.Fatalf("report without a default store: exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(md, `<circle class="point"`) || !strings.Contains(md, "No earlier scans in the history") {
		t.Error("without a history the report should say it has no charts")
	}
	if _, err := os.Stat(filepath.Join(empty, "score")); !os.IsNotExist(err) {
		t.Errorf("report created a default store: %v", err)
	}
	if _, _, code := runCLI(t, nil, "report", "--in", scanFile, "--store", filepath.Join(empty, "absent.db")); code != ExitUsage {
		t.Errorf("an explicit --store that does not exist: exit %d, want %d", code, ExitUsage)
	}
}

// Issue 15 item 12: `score history` lists the scores it stores, per scan
// and, with --repo, per repository.
func TestHistoryListsScores(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store, _ := threeScanStore(t, dir, 2, 2)
	out, stderr, code := runCLI(t, nil, "history", "--store", store)
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"MEAN", "GOLD", "SILVER", "BRONZE", "NONE", "2026-11-15"} {
		if !strings.Contains(strings.ToUpper(out), want) {
			t.Errorf("history lacks %s:\n%s", want, out)
		}
	}
	js, _, code := runCLI(t, nil, "history", "--store", store, "--format", "json")
	if code != ExitOK {
		t.Fatal(js)
	}
	var scans []history.ScanScores
	if err := json.Unmarshal([]byte(js), &scans); err != nil {
		t.Fatal(err)
	}
	if len(scans) != 3 {
		t.Fatalf("%d scans, want 3", len(scans))
	}
	for i, s := range scans {
		want := scorecard.OrgSummary(orgScanAt(3-i, time.Time{}, 2, 2).Repos)
		if s.Summary.Score != want.Score || s.Summary.Levels[scorecard.None] != want.Levels[scorecard.None] || s.Repos != 4 {
			t.Errorf("scan %d: %+v, want mean %v and levels %v", s.ID, s.Summary, want.Score, want.Levels)
		}
	}
	if scans[0].Summary.Score <= scans[2].Summary.Score {
		t.Errorf("the fixture improves over time; means %v", []float64{scans[2].Summary.Score, scans[1].Summary.Score, scans[0].Summary.Score})
	}

	repo := "acme/team-0-with-a-rather-long-organisational-name/service-0-with-an-unusually-long-repository-name-that-does-not-wrap"
	rows, stderr, code := runCLI(t, nil, "history", "--store", store, "--repo", repo)
	if code != ExitOK {
		t.Fatalf("history --repo: exit %d: %s", code, stderr)
	}
	if n := strings.Count(rows, "2026-11-"); n != 3 {
		t.Errorf("history --repo lists %d scans, want 3:\n%s", n, rows)
	}
	if _, _, code := runCLI(t, nil, "history", "--store", store, "--repo", "acme/nope"); code != ExitUsage {
		t.Errorf("history --repo of an unknown repository: exit %d, want %d", code, ExitUsage)
	}
}

// Issue 15 item 12, Verify: the report `score report` renders from a
// three-scan history in a real SQLite store fits a 1280 px window with no
// horizontal overflow and its overview charts render with their data
// points; the full-page screenshot is kept as a test artifact
// ($SCORE_TEST_ARTIFACTS/html-report-history.png).
func TestReportChartsFromHistoryStoreInChromium(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	store, scanFile := threeScanStore(t, dir, 8, 3)
	page := filepath.Join(dir, "report.html")
	if _, stderr, code := runCLI(t, nil, "report", "--in", scanFile, "--store", store, "--format", "html", "--out", page); code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var charts struct {
		MeanPoints   int     `json:"meanPoints"`
		LineWidth    float64 `json:"lineWidth"`
		LevelColumns int     `json:"levelColumns"`
		LevelSegs    int     `json:"levelSegs"`
		SegHeights   float64 `json:"segHeights"`
		ChartWidth   float64 `json:"chartWidth"`
		Categories   int     `json:"categories"`
		TopFailing   int     `json:"topFailing"`
	}
	b.FullPage(t, page, filepath.Join(browsertest.ArtifactDir(t), "html-report-history.png"), 1280, `(function () {
  var q = function (s) { return document.querySelectorAll(s); };
  var line = document.querySelector("#chart-mean polyline");
  var h = 0;
  q("#chart-levels rect.seg").forEach(function (r) { h += r.getBoundingClientRect().height; });
  return {
    meanPoints: q("#chart-mean circle.point").length,
    lineWidth: line ? line.getBoundingClientRect().width : 0,
    levelColumns: q("#chart-levels g.column").length,
    levelSegs: q("#chart-levels rect.seg").length,
    segHeights: h,
    chartWidth: document.querySelector("#chart-mean").getBoundingClientRect().width,
    categories: q("#heat-categories thead th.check").length,
    topFailing: q("#top-failing tbody tr").length
  };
})()`, &charts)
	if charts.MeanPoints != 3 || charts.LineWidth <= 0 {
		t.Errorf("mean chart: %d points, line %v px wide; want 3 points on a drawn line", charts.MeanPoints, charts.LineWidth)
	}
	if charts.LevelColumns != 3 || charts.LevelSegs < 3 || charts.SegHeights <= 0 {
		t.Errorf("level chart: %d columns, %d segments, %v px tall in all; want 3 drawn columns", charts.LevelColumns, charts.LevelSegs, charts.SegHeights)
	}
	if charts.ChartWidth < 300 {
		t.Errorf("the mean chart is %v px wide", charts.ChartWidth)
	}
	if charts.Categories != 6 || charts.TopFailing == 0 {
		t.Errorf("heatmap has %d category columns (want 6), top failing %d rows", charts.Categories, charts.TopFailing)
	}
	if reqs := b.PageRequests(); len(reqs) > 0 {
		t.Errorf("the report made external requests: %v", reqs)
	}
	for _, l := range b.ConsoleErrors() {
		t.Errorf("console error: %s", l)
	}
}

// TestDefaultStoreFollowsTheCommandsEnvironment: without --store, scan,
// history, diff and campaign status all find the default store through the
// command's environment ($XDG_DATA_HOME here), never the process's.
func TestDefaultStoreFollowsTheCommandsEnvironment(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": data}
	out := filepath.Join(t.TempDir(), "scan.json")
	repos := filepath.Join("..", "..", "testdata", "repos")
	for range 2 {
		if _, stderr, code := runCLI(t, env, "scan", "--dir", repos, "--progress", "none", "--out", out); code != ExitOK {
			t.Fatalf("scan: exit %d: %s", code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "score", "history.db")); err != nil {
		t.Fatalf("scan did not store under $XDG_DATA_HOME: %v", err)
	}
	js, stderr, code := runCLI(t, env, "history", "--format", "json")
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	var scans []history.ScanScores
	if err := json.Unmarshal([]byte(js), &scans); err != nil || len(scans) != 2 {
		t.Fatalf("history lists %d scans (%v), want 2:\n%s", len(scans), err, js)
	}
	if _, stderr, code := runCLI(t, env, "diff", "previous", "latest"); code != ExitOK {
		t.Errorf("diff previous latest: exit %d: %s", code, stderr)
	}
	// Without the variable and HOME, there is no default store to find.
	if _, stderr, code := runCLI(t, map[string]string{}, "history"); code == ExitOK {
		t.Errorf("history without XDG_DATA_HOME or HOME succeeded: %s", stderr)
	}
}
