package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/browsertest"
)

// TestHTMLOutcomesInChromium renders the organisation report of a scan with
// delivery outcomes in headless Chromium: the alignment × outcomes table
// is there with its counts, "too few to compare" and the correlation
// note, and the page makes no request. The screenshot is kept as
// html-outcomes.png under $SCORE_TEST_ARTIFACTS (default: the test's
// temporary folder).
func TestHTMLOutcomesInChromium(t *testing.T) {
	b := browsertest.New(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := renderHTML(&buf, outcomesScan(), Options{}); err != nil {
		t.Fatal(err)
	}
	// The alignment section at the top of the page, so the screenshot
	// shows it without scrolling.
	html := strings.Replace(buf.String(), `<section id="overview">`, `<section id="overview" hidden>`, 1)
	html = strings.Replace(html, `<section id="heatmap">`, `<section id="heatmap" hidden>`, 1)
	html = strings.Replace(html, `<details class="outcomes-checks">`, `<details class="outcomes-checks" open>`, 1)
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	var dom string
	b.FullPage(t, page, filepath.Join(browsertest.ArtifactDir(t), "html-outcomes.png"), 1280, "document.body.outerHTML", &dom)
	if reqs := b.PageRequests(); len(reqs) > 0 {
		t.Errorf("the report made external requests: %v", reqs)
	}
	for _, want := range []string{
		`<section id="outcomes">`, `data-level="gold"`, "3.5/week · high", "6 repos",
		"too few to compare", "-10.0 h", "6 pass, 6 fail", "Correlation, not cause",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
}
