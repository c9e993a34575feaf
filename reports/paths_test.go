package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// withPaths puts the fixture organisation on golden paths: the payments
// and search services on go-service, the legacy cron job off every path
// (in the previous scan, search was still off-path).
func withPaths(s *scorecard.Scan, previous bool) *scorecard.Scan {
	c := *s
	c.Paths = []scorecard.PathInfo{{ID: "go-service", Title: "Go service on the platform", Checks: 20}, {ID: "library", Title: "Shared library", Checks: 8}}
	c.Repos = append([]scorecard.Repo{}, s.Repos...)
	for i := range c.Repos {
		r := &c.Repos[i]
		switch {
		case r.Error != "":
		case r.Name == "platform/search-indexer" && previous, r.Name == "tools/legacy-cron":
			r.Path, r.PathReason = scorecard.OffPath, "declares no path and no path's select matches"
		default:
			r.Path, r.PathReason = "go-service", "select of path go-service matches: languages go"
		}
	}
	scorecard.Finalize(&c)
	return &c
}

func TestPathAdoptionReports(t *testing.T) {
	t.Parallel()
	scan, prev := withPaths(orgScan(), false), withPaths(previousScan(), true)
	render := func(format string, opts Options) string {
		t.Helper()
		r, err := Get(format)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r(&b, scan, opts); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	md := render("markdown", Options{Previous: prev})
	for _, want := range []string{
		"## Path adoption\n\n2 of 3 scanned repositories (67%) on a golden path; 1 off every path (+1 on a path since the previous scan).",
		"Paths: go-service: Go service on the platform · library: Shared library",
		"| Team | go-service | library | off-path |",
		"| **all teams** | 2 (1 silver, 1 bronze) +1 | 0 | 1 (1 none) |",
		"| payments | 1 (1 bronze) | 0 | 0 |",
		"| search | 1 (1 silver) +1 | 0 | 0 -1 |",
		"| unowned | 0 | 0 | 1 (1 none) +1 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	table := render("table", Options{})
	if !strings.Contains(table, "Path adoption: 2 of 3 scanned repositories (67%) on a golden path") || !strings.Contains(table, "| all teams ") {
		t.Errorf("table lacks path adoption:\n%s", table)
	}
	html := render("html", Options{Previous: prev})
	for _, want := range []string{`<section id="paths">`, `data-path-team="search"`, `<span class="seg-bronze" style="width: 50%">`} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %s", want)
		}
	}
	for _, format := range []string{"markdown", "table", "html"} {
		var b bytes.Buffer
		r, _ := Get(format)
		if err := r(&b, orgScan(), Options{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "Path adoption") {
			t.Errorf("%s: a scan without paths shows path adoption", format)
		}
	}
	one := render("markdown", Options{Team: "search"})
	if !strings.Contains(one, "| search | 1 (1 silver) | 0 | 0 |") {
		t.Errorf("--team keeps the team's adoption:\n%s", one)
	}
}

func TestRepoPathShown(t *testing.T) {
	t.Parallel()
	scan := withPaths(repoScan(), false)
	for _, format := range []string{"markdown", "table"} {
		var b bytes.Buffer
		r, _ := Get(format)
		if err := r(&b, scan, Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "go-service") || !strings.Contains(b.String(), "select of path go-service matches") {
			t.Errorf("%s: the repository's path and reason are missing:\n%s", format, b.String())
		}
	}
}
