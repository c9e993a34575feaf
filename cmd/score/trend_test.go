package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

// TestTrendsCompareLikeWithLike swaps one weak repository for a strong one
// between two scans while no repository's score changes: neither `score
// diff` nor the HTML report may show a rise, and both say what was added
// and removed.
func TestTrendsCompareLikeWithLike(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	repo := func(name string, score float64, level string) scorecard.Repo {
		return scorecard.Repo{Name: name, Team: "web", Score: score, Level: level, Checks: []scorecard.CheckResult{}}
	}
	write := func(file string, at time.Time, repos ...scorecard.Repo) string {
		s := &scorecard.Scan{Schema: scorecard.Schema, Tool: scorecard.Tool{Version: "test"}, StartedAt: at, FinishedAt: at, Repos: repos}
		scorecard.Finalize(s)
		p := filepath.Join(dir, file)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := scorecard.WriteJSON(f, s); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	old := write("old.json", t0, repo("g/a", 60, "bronze"), repo("g/b", 70, "bronze"), repo("g/weak", 10, "none"))
	new := write("new.json", t0.AddDate(0, 0, 7), repo("g/a", 60, "bronze"), repo("g/b", 70, "bronze"), repo("g/strong", 100, "gold"))

	text, stderr, code := runCLI(t, nil, "diff", old, new)
	if code != ExitOK {
		t.Fatalf("diff exit %d: %s", code, stderr)
	}
	if want := "mean score 65.0 -> 65.0 (+0.0) over the 2 repositories in both scans; 1 added, 1 removed\n"; !strings.HasPrefix(text, want) {
		t.Errorf("diff headline:\n%s\nwant it to start with %q", text, want)
	}
	js, _, _ := runCLI(t, nil, "diff", old, new, "--format", "json")
	var d scorecard.ScanDiff
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		t.Fatal(err)
	}
	if want := (scorecard.Trend{Compared: 2, Added: 1, Removed: 1, OldScore: 65, NewScore: 65}); d.Org != want || len(d.Teams) != 1 || d.Teams[0].Delta != 0 {
		t.Errorf("json org %+v teams %+v, want org %+v and team delta 0", d.Org, d.Teams, want)
	}

	html := filepath.Join(dir, "report.html")
	if _, stderr, code := runCLI(t, nil, "report", "--in", new, "--previous", old, "--format", "html", "--out", html); code != ExitOK {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	page := string(readFile(t, html))
	if !strings.Contains(page, "±0.0 since 2026-11-01") {
		t.Errorf("the report's mean-score trend is not ±0.0 since 2026-11-01")
	}
	if !strings.Contains(page, "over 2 repositories in both scans; 1 added, 1 removed") {
		t.Errorf("the report does not say what the trend is over")
	}
	if strings.Contains(page, "10.0 since") {
		t.Errorf("the report shows the unlike-for-like +10.0")
	}

	// Team trends in Markdown and the table say what the sets differ by.
	for _, format := range []string{"markdown", "table"} {
		text, stderr, code := runCLI(t, nil, "report", "--in", new, "--previous", old, "--format", format)
		if code != ExitOK {
			t.Fatalf("report --format %s: exit %d: %s", format, code, stderr)
		}
		if !strings.Contains(text, "±0.0 (1 added, 1 removed)") {
			t.Errorf("the %s team trend does not say ±0.0 (1 added, 1 removed):\n%s", format, text)
		}
	}
}
