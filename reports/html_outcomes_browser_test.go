package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLOutcomesInChromium renders the organisation report of a scan with
// delivery outcomes in headless Chromium: the alignment × outcomes table
// is there with its counts, "too few to compare" and the correlation
// note, and the page makes no request. The screenshot is kept as
// html-outcomes.png under $SCORE_TEST_ARTIFACTS (default: the test's
// temporary folder).
func TestHTMLOutcomesInChromium(t *testing.T) {
	chromium := needChromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := renderHTML(&buf, outcomesScan(), Options{}); err != nil {
		t.Fatal(err)
	}
	// The alignment section at the top of the page, so the screenshot
	// shows it without scrolling.
	html := strings.Replace(buf.String(), `<section id="summary">`, `<section id="summary" hidden>`, 1)
	html = strings.Replace(html, `<section id="heatmap">`, `<section id="heatmap" hidden>`, 1)
	html = strings.Replace(html, `<details class="outcomes-checks">`, `<details class="outcomes-checks" open>`, 1)
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	proxy := newRecordingProxy(t)
	shot := artifactPath(t, dir, "html-outcomes.png")
	common := chromiumArgs(proxy.addr, "1280,1000")
	dom, _ := runChromium(t, chromium, append(common, "--user-data-dir="+filepath.Join(dir, "p1"), "--dump-dom", "file://"+page)...)
	runChromium(t, chromium, append(common, "--user-data-dir="+filepath.Join(dir, "p2"), "--screenshot="+shot, "file://"+page)...)
	t.Logf("screenshot: %s", shot)
	if reqs := proxy.pageRequests(); len(reqs) > 0 {
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
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no real screenshot at %s: %v", shot, err)
	}
}
