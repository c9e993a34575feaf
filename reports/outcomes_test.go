package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

// outcomesScan is twelve repositories with delivery outcomes: six gold,
// five silver, one none. Repository i deploys i+1 times a week, takes
// 10(i+1) hours from first commit to production, fails 5%·(i mod 4) of
// its changes, and (gold only) restores in 2 hours. It passes
// build.ci-pipeline when i is even and security.sast when i < 2.
func outcomesScan() *scorecard.Scan {
	s := &scorecard.Scan{Schema: scorecard.Schema, Tool: scorecard.Tool{Version: "v1"},
		FinishedAt: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	for i := range 12 {
		level := scorecard.Gold
		switch {
		case i >= 11:
			level = scorecard.None
		case i >= 6:
			level = scorecard.Silver
		}
		outcome := func(pass bool) scorecard.Outcome {
			if pass {
				return scorecard.Pass
			}
			return scorecard.Fail
		}
		o := &scorecard.Outcomes{WindowDays: 90, Until: s.FinishedAt,
			DeploymentFrequency: scorecard.Measure{Unit: "per_day", Source: "gitlab-api"},
			LeadTime:            scorecard.Measure{Unit: "hours", Source: "gitlab-api"},
			ChangeFailureRate:   scorecard.Measure{Unit: "ratio", Source: "gitlab-api"},
			TimeToRestore:       scorecard.Measure{Unit: "hours", Source: "gitlab-api"},
		}
		o.DeploymentFrequency.Set(scorecard.DeploymentFrequency, float64(i+1)/7, 10)
		o.LeadTime.Set(scorecard.LeadTime, float64(10*(i+1)), 10)
		o.ChangeFailureRate.Set(scorecard.ChangeFailureRate, 0.05*float64(i%4), 10)
		if level == scorecard.Gold {
			o.TimeToRestore.Set(scorecard.TimeToRestore, 2, 1)
		} else {
			o.TimeToRestore.Empty("no incidents")
		}
		s.Repos = append(s.Repos, scorecard.Repo{
			Name: fmt.Sprintf("acme/svc-%02d", i), Team: []string{"payments", "search"}[i%2], Score: float64(50 + i), Level: level,
			Checks: []scorecard.CheckResult{
				{ID: "build.ci-pipeline", Title: "CI pipeline", Outcome: outcome(i%2 == 0), Level: scorecard.Bronze, Weight: 1, Category: "build"},
				{ID: "security.sast", Title: "SAST", Outcome: outcome(i < 2), Level: scorecard.Silver, Weight: 1, Category: "security"},
			},
			Outcomes: o,
		})
	}
	scorecard.Finalize(s)
	return s
}

// TestOutcomesReport: the level × outcomes table and the per-check
// differences, with the counts behind every figure, "too few to compare"
// under five repositories, and the correlation note, in Markdown, HTML and
// JSON. Figures by hand from outcomesScan:
//
//	gold (i 0-5): 3.5 deployments a week (0.5 a day: high), lead 35 h
//	  (high), failure rate 5% (elite), restore 2 h (high);
//	silver (i 6-10): 9.0 a week (elite), 90 h (high), 10% (high),
//	  restore too few (no repository has it);
//	none, bronze: too few.
//	build.ci-pipeline: 6 against 7 deployments a week (-1.0), lead 60 h
//	  passing against 70 h failing (-10.0 h);
//	  6 pass, 6 fail. security.sast: 2 pass: too few.
func TestOutcomesReport(t *testing.T) {
	t.Parallel()
	scan := outcomesScan()
	var md bytes.Buffer
	if err := renderMarkdown(&md, scan, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Alignment and delivery outcomes",
		"| gold | 6 | 3.5/week · high (6 repos) | 35.0 h · high (6 repos) | 5% · elite (6 repos) | 2.0 h · high (6 repos) |",
		"| silver | 5 | 9.0/week · elite (5 repos) | 90.0 h · high (5 repos) | 10% · high (5 repos) | too few to compare (0 repos) |",
		"| none | 1 | too few to compare (1 repo) |",
		"| bronze | 0 | too few to compare (0 repos) |",
		"| `build.ci-pipeline` | -1.0/week (6 pass, 6 fail) | -10.0 h (6 pass, 6 fail) |",
		"| `security.sast` | too few to compare (2 pass, 10 fail) |",
		"Correlation, not cause",
		"over the 90 days to 2026-06-30",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	var html bytes.Buffer
	if err := renderHTML(&html, scan, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<section id="outcomes">`, "3.5/week · high", "-10.0 h", "too few to compare", "Correlation, not cause"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	var js bytes.Buffer
	if err := renderJSON(&js, scan, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Alignment scorecard.Alignment `json:"alignment"`
		Teams     []scorecard.Team    `json:"teams"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	ci := doc.Alignment.Checks[0].Measures[scorecard.LeadTime]
	if doc.Alignment.Checks[0].Check != "build.ci-pipeline" || ci.Difference == nil || *ci.Difference != -10 || ci.PassRepos != 6 || ci.FailRepos != 6 {
		t.Errorf("JSON alignment of build.ci-pipeline lead time = %+v", ci)
	}
	if doc.Alignment.Note != scorecard.AlignmentNote || len(doc.Alignment.Groups) != 4 || !doc.Alignment.Groups[2].TooFew {
		t.Errorf("JSON alignment = %+v", doc.Alignment)
	}
	// payments are the even repositories: leads 10, 30, ..., 110; median 60.
	if m := doc.Teams[0].Outcomes.Measures[scorecard.LeadTime].Median; doc.Teams[0].Name != "payments" || m == nil || *m != 60 {
		t.Errorf("team %s median lead time = %v", doc.Teams[0].Name, m)
	}
}

// TestOutcomesReportAbsent: without outcomes nothing is added anywhere.
func TestOutcomesReportAbsent(t *testing.T) {
	t.Parallel()
	scan := orgScan()
	var md bytes.Buffer
	if err := renderMarkdown(&md, scan, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "delivery outcomes") || scan.Alignment != nil {
		t.Error("an alignment section without outcomes")
	}
}
