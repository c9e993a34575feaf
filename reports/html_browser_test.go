package reports

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestHTMLReportInChromium opens the HTML report in headless Chromium with
// every request forced through a recording proxy on loopback: the page must
// make no request at all, log no console error, and render the summary, the
// heatmap, the campaigns with their burn-up charts, and one section per
// team. A screenshot is kept for CI under
// $SCORE_TEST_ARTIFACTS (default: the test's temporary folder).
func TestHTMLReportInChromium(t *testing.T) {
	chromium := needChromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	scan := orgScan()
	campaigns := fixtureCampaigns()
	if err := renderHTML(&buf, scan, Options{Previous: previousScan(), Campaigns: campaigns}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	proxy := newRecordingProxy(t)

	shot := artifactPath(t, dir, "html-report.png")
	common := chromiumArgs(proxy.addr, "1280,1800")
	dom, logs := runChromium(t, chromium, append(common, "--user-data-dir="+filepath.Join(dir, "p1"), "--dump-dom", "file://"+page)...)
	_, logs2 := runChromium(t, chromium, append(common, "--user-data-dir="+filepath.Join(dir, "p2"), "--screenshot="+shot, "file://"+page)...)
	t.Logf("screenshot: %s", shot)

	if reqs := proxy.pageRequests(); len(reqs) > 0 {
		t.Errorf("the report made external requests: %v", reqs)
	}

	// Control: a page that does load something external is caught, so the
	// check above can fail.
	control := filepath.Join(dir, "control.html")
	if err := os.WriteFile(control, []byte(`<!doctype html><img src="http://probe.invalid/pixel.png">`), 0o644); err != nil {
		t.Fatal(err)
	}
	runChromium(t, chromium, append(common, "--user-data-dir="+filepath.Join(dir, "p3"), "--dump-dom", "file://"+control)...)
	if !slices.ContainsFunc(proxy.pageRequests(), func(r string) bool { return strings.Contains(r, "probe.invalid") }) {
		t.Error("the recording proxy did not see the control page's request; the no-request check is blind")
	}
	consoleError := regexp.MustCompile(`(?i)CONSOLE.*(error|uncaught)|Uncaught `)
	for _, l := range strings.Split(logs+logs2, "\n") {
		if consoleError.MatchString(l) {
			t.Errorf("console error: %s", l)
		}
	}
	for _, want := range []string{`id="summary"`, `id="heatmap"`, `id="campaigns"`, `<svg class="burnup"`, `<polyline class="done"`} {
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
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no real screenshot at %s: %v", shot, err)
	}
}

// needChromium returns the browser, skipping the test where it is not
// installed (and failing it in CI, where it must be).
func needChromium(t *testing.T) string {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed in CI; .ci/run should install it")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	return chromium
}

// artifactPath is where a test keeps a file for CI: under
// $SCORE_TEST_ARTIFACTS, else under dir.
func artifactPath(t *testing.T, dir, name string) string {
	t.Helper()
	shots := os.Getenv("SCORE_TEST_ARTIFACTS")
	if shots == "" {
		shots = dir
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(shots, name)
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumArgs are the flags of a headless run that shows a local page
// through the recording proxy at proxyAddr, with the browser's own
// background requests silenced, in a window of size ("1280,1800").
func chromiumArgs(proxyAddr, size string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
		"--proxy-server=http://" + proxyAddr, "--proxy-bypass-list=<-loopback>",
		"--enable-logging=stderr", "--v=0", "--window-size=" + size,
		"--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
		"--disable-breakpad", "--metrics-recording-only", "--disable-field-trial-config",
		"--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,SignInProfileCreation,AccountConsistency",
	}
}

func runChromium(t *testing.T, bin string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// recordingProxy answers every proxied request with 502 and records it.
type recordingProxy struct {
	addr string
	mu   sync.Mutex
	seen []string
}

func newRecordingProxy(t *testing.T) *recordingProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{addr: l.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Method+" "+r.Host+r.URL.Path)
		p.mu.Unlock()
		_, _ = io.Copy(io.Discard, r.Body)
		http.Error(w, "no external requests", http.StatusBadGateway)
	})}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return p
}

// browserHosts are Chromium's own services (component updates, account
// checks) that headless Chromium contacts whatever page it shows; the
// flags above silence the rest. A page's request to them would be missed,
// which is acceptable: no report asks Google's update service for anything.
var browserHosts = []string{"update.googleapis.com", "accounts.google.com"}

// pageRequests are the recorded requests not made by the browser itself.
func (p *recordingProxy) pageRequests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, r := range p.seen {
		if !slices.ContainsFunc(browserHosts, func(h string) bool { return strings.Contains(r, " "+h) }) {
			out = append(out, r)
		}
	}
	return out
}
