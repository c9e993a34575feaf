package reports

import (
	"html/template"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

// historyScans are two scans before orgScan, oldest first: a fortnight
// ago (payments at its base, search not gold yet) and previousScan.
func historyScans() []*scorecard.Scan {
	old := fixtureScan(paymentsBase(), searchRepo(true))
	old.StartedAt = fixtureNow.AddDate(0, 0, -14)
	old.FinishedAt = old.StartedAt.Add(time.Minute)
	return []*scorecard.Scan{old, previousScan()}
}

// The overview's mean-score chart plots the same repositories in every
// point (those in all plotted scans) and says so; repositories in only some
// scans are left out, not mixed in.
func TestOverviewMeanIsOverAFixedSet(t *testing.T) {
	t.Parallel()
	at := func(days int, repos ...scorecard.Repo) *scorecard.Scan {
		s := &scorecard.Scan{StartedAt: fixtureNow.AddDate(0, 0, days), FinishedAt: fixtureNow.AddDate(0, 0, days), Repos: repos}
		return s
	}
	r := func(name string, score float64) scorecard.Repo {
		return scorecard.Repo{Name: name, Score: score, Level: "bronze"}
	}
	series := []*scorecard.Scan{
		at(-14, r("a", 50), r("b", 70), r("weak", 0)),
		at(-7, r("a", 60), r("b", 70)),
		at(0, r("a", 70), r("b", 70), r("strong", 100)),
	}
	c, note := meanChart(series)
	if len(c.Points) != 3 {
		t.Fatalf("%d points, want 3", len(c.Points))
	}
	var titles []string
	for _, p := range c.Points {
		titles = append(titles, p.Title)
	}
	want := []string{"mean score 60.0 over the same 2 repositories", "mean score 65.0 over the same 2 repositories", "mean score 70.0 over the same 2 repositories"}
	for i, w := range want {
		if !strings.Contains(titles[i], w) {
			t.Errorf("point %d: %q, want it to say %q", i, titles[i], w)
		}
	}
	if !strings.Contains(note, "the same 2 repositories in every point") || !strings.Contains(note, "2 repositories in only some of the scans are left out") {
		t.Errorf("note = %q", note)
	}
	if c.Points[0].Y <= c.Points[2].Y {
		t.Errorf("a rising mean must be drawn rising: y %v then %v", c.Points[0].Y, c.Points[2].Y)
	}
}

func TestOverviewTopFailingAndTeamMoves(t *testing.T) {
	t.Parallel()
	top := topFailing(orgScan(), 3)
	if len(top) == 0 || len(top) > 3 {
		t.Fatalf("top failing = %+v", top)
	}
	for i, c := range top {
		if c.Failing == 0 || c.Failing > c.Applies || (i > 0 && c.Failing > top[i-1].Failing) {
			t.Errorf("top failing out of order or wrong: %+v", top)
		}
	}
	improved, regressed := teamMoves(previousScan(), orgScan(), 5)
	for _, m := range improved {
		if !strings.HasPrefix(m.Delta, "+") {
			t.Errorf("improved team %s has delta %s", m.Name, m.Delta)
		}
	}
	for _, m := range regressed {
		if !strings.HasPrefix(m.Delta, "-") {
			t.Errorf("regressed team %s has delta %s", m.Name, m.Delta)
		}
	}
	if len(improved)+len(regressed) == 0 {
		t.Error("the fixture's payments team moved; no move reported")
	}
}

// The heatmap has one column per category, not per check, and each
// category opens onto its checks.
func TestHTMLHeatmapByCategory(t *testing.T) {
	t.Parallel()
	page := buildHTMLPage(orgScan(), Options{})
	h := page.Heatmap()
	want := []string{"build", "test", "observability", "security", "ownership"}
	if !slices.Equal(h.Categories, want) {
		t.Errorf("categories = %v, want %v", h.Categories, want)
	}
	for _, row := range h.Rows {
		if len(row.Cells) != len(want) {
			t.Errorf("team %s: %d cells, want one per category", row.Team, len(row.Cells))
		}
	}
	checks := 0
	for _, d := range h.Drill {
		checks += len(d.Checks)
		for _, c := range d.Checks {
			if strings.Contains(c.Short, ".") {
				t.Errorf("drill-down header %q keeps its category prefix", c.Short)
			}
		}
	}
	if checks != len(fixtureCatalog) {
		t.Errorf("the drill-downs show %d checks, want %d", checks, len(fixtureCatalog))
	}
	out := string(render(t, "html", orgScan(), Options{}))
	if n := strings.Count(out, `<details class="category"`); n != len(want) {
		t.Errorf("%d category drill-downs, want %d", n, len(want))
	}
}

// Fix texts are written in Markdown: their code spans become <code>, and
// no backtick reaches the page.
func TestHTMLRendersCodeSpans(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]template.HTML{
		"Add a `USER 10001` line.": "Add a <code>USER 10001</code> line.",
		"a <b> `<x>` & c":          "a &lt;b&gt; <code>&lt;x&gt;</code> &amp; c",
		"one ` unpaired":           "one ` unpaired",
		"`a` and `b`":              "<code>a</code> and <code>b</code>",
	} {
		if got := inlineHTML(in); got != want {
			t.Errorf("inlineHTML(%q) = %q, want %q", in, got, want)
		}
	}
	out := string(render(t, "html", orgScan(), Options{}))
	if strings.Contains(out, "`") && strings.Count(out, "`") != strings.Count(out, "unpaired") {
		i := strings.Index(out, "`")
		t.Errorf("a backtick reaches the page: %q", out[max(0, i-60):min(len(out), i+60)])
	}
	if !strings.Contains(out, "such as <code>node:22.11-alpine</code>") {
		t.Error("the remediation's code span is not a <code> element")
	}
}

// Every number of the overview and team summaries has its definition on
// hover, and the page has a definitions section for print.
func TestHTMLDefinitionsOnHover(t *testing.T) {
	t.Parallel()
	out := string(render(t, "html", orgScan(), Options{Previous: previousScan(), History: historyScans()}))
	for _, label := range []string{">Mean score</abbr>", ">Levels</abbr>", ">Teams</abbr>", ">Repositories</abbr>",
		">Top failing checks</abbr>", ">Mean score over time</abbr>", ">Levels over time</abbr>", ">Score</abbr>", ">Failing</abbr>",
		">mean</abbr>", ">min</abbr>", `id="definitions"`, "<circle class=\"point\"", "<title>"} {
		if !strings.Contains(out, label) {
			t.Errorf("the page lacks %s", label)
		}
	}
	if n := strings.Count(out, `<circle class="point"`); n != 3 {
		t.Errorf("%d points on the mean chart, want 3 (two earlier scans and this one)", n)
	}
	if !strings.Contains(out, "@media print") {
		t.Error("no print styles")
	}
}
