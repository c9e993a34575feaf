package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/browsertest"
	"github.com/scoredev/score/scorecard"
)

// TestHTMLMonorepoInChromium renders the scan of the gitlab-monorepo
// fixture (its check golden) in headless Chromium: every component shows
// in the section of the team that owns it. The screenshot is kept under
// $SCORE_TEST_ARTIFACTS as html-monorepo.png.
func TestHTMLMonorepoInChromium(t *testing.T) {
	b := browsertest.New(t)
	data, err := os.ReadFile(filepath.Join("..", "cmd", "score", "testdata", "golden", "check", "gitlab-monorepo.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The golden blanks its timestamps.
	data = bytes.ReplaceAll(data, []byte(`"X"`), []byte(`"2026-12-06T00:00:00Z"`))
	var scan scorecard.Scan
	if err := json.Unmarshal(data, &scan); err != nil {
		t.Fatal(err)
	}
	if len(scan.Repos) != 1 || len(scan.Repos[0].Components) != 3 {
		t.Fatalf("want one repository of 3 components, got %+v", scan.Repos)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "monorepo.html")
	var buf bytes.Buffer
	if err := renderHTML(&buf, &scan, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(browsertest.ArtifactDir(t), "html-monorepo.png")
	var dom string
	b.FullPage(t, page, shot, 1280, "document.body.outerHTML", &dom)
	t.Logf("screenshot: %s", shot)
	if reqs := b.PageRequests(); len(reqs) > 0 {
		t.Errorf("the report made external requests: %v", reqs)
	}
	sections := map[string]string{} // team -> its section
	for _, sec := range strings.Split(dom, `<section class="team"`)[1:] {
		if _, rest, ok := strings.Cut(sec, `data-team="`); ok {
			name, _, _ := strings.Cut(rest, `"`)
			sections[name] = sec
		}
	}
	for _, c := range scan.Repos[0].Components {
		if !strings.Contains(sections[c.Team], `data-component="`+c.Name+`"`) {
			t.Errorf("component %s is not under its team %s", c.Name, c.Team)
		}
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no real screenshot at %s: %v", shot, err)
	}
}
