package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/browsertest"
)

// TestHTMLReportInChromium opens the HTML report in headless Chromium with
// every request forced through a recording proxy on loopback: the page must
// make no request at all, log no console error, fit a 1280 px window
// without horizontal overflow, and render the overview, the heatmap, the
// path adoption section (the fixture organisation is on golden paths), the
// campaigns with their burn-up charts, and one section per team. A
// full-page screenshot is kept for CI under $SCORE_TEST_ARTIFACTS
// (default: the test's temporary folder). The same page built from a real
// history store, through `score report`, is cmd/score's
// TestReportChartsFromHistoryStoreInChromium.
func TestHTMLReportInChromium(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	scan := withPaths(orgScan(), false)
	campaigns := fixtureCampaigns()
	if err := renderHTML(&buf, scan, Options{Previous: withPaths(previousScan(), true), History: historyScans(), Campaigns: campaigns}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var dom string
	b.FullPage(t, page, filepath.Join(browsertest.ArtifactDir(t), "html-report.png"), 1280, "document.body.outerHTML", &dom)

	if reqs := b.PageRequests(); len(reqs) > 0 {
		t.Errorf("the report made external requests: %v", reqs)
	}
	// Control: a page that does load something external is caught, so the
	// check above can fail.
	control := filepath.Join(dir, "control.html")
	if err := os.WriteFile(control, []byte(`<!doctype html><img src="http://probe.invalid/pixel.png">`), 0o644); err != nil {
		t.Fatal(err)
	}
	b.DumpDOM(t, control, 800, 600)
	if !slices.ContainsFunc(b.PageRequests(), func(r string) bool { return strings.Contains(r, "probe.invalid") }) {
		t.Error("the recording proxy did not see the control page's request; the no-request check is blind")
	}
	// Control: a page wider than the window is caught, so the overflow
	// check of FullPage can fail.
	wide := filepath.Join(dir, "wide.html")
	if err := os.WriteFile(wide, []byte(`<!doctype html><body><div style="width:1500px">wide</div></body>`), 0o644); err != nil {
		t.Fatal(err)
	}
	var l browsertest.Layout
	b.Probe(t, wide, 1280, 600, browsertest.LayoutProbe, &l)
	if l.ScrollWidth <= 1280 {
		t.Errorf("a 1500 px page measured %d px wide; the overflow check is blind", l.ScrollWidth)
	}
	for _, l := range b.ConsoleErrors() {
		t.Errorf("console error: %s", l)
	}
	for _, want := range []string{`id="overview"`, `id="summary"`, `id="heatmap"`, `id="chart-mean"`, `id="chart-levels"`, `id="top-failing"`,
		`id="paths"`, `data-path-team="all teams"`,
		`id="campaigns"`, `<svg class="burnup"`, `<polyline class="done"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %s", want)
		}
	}
	for _, c := range campaigns {
		if !strings.Contains(dom, `data-campaign="`+c.ID+`"`) {
			t.Errorf("rendered DOM has no section for campaign %s", c.ID)
		}
	}
	for _, team := range scan.Teams {
		if !strings.Contains(dom, `data-team="`+team.Name+`"`) {
			t.Errorf("rendered DOM has no section for team %s", team.Name)
		}
	}
	for _, r := range scan.Repos {
		if !strings.Contains(dom, `data-repo="`+r.Name+`"`) {
			t.Errorf("rendered DOM has no drill-down for repo %s", r.Name)
		}
	}
}
