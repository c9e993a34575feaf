// Package browsertest opens HTML pages in headless Chromium for tests:
// every request goes through a recording proxy on loopback (so a test can
// prove a page makes none), the page can be measured by a probe script and
// photographed whole. It is for tests only.
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Browser is one headless Chromium with its recording proxy.
type Browser struct {
	bin   string
	dir   string
	proxy *recordingProxy
	runs  int
	// Logs collects Chromium's standard error of every run.
	Logs strings.Builder
}

// New finds Chromium and starts the proxy. Without Chromium the test is
// skipped, or fails under CI where it must be installed.
func New(t *testing.T) *Browser {
	t.Helper()
	bin := find()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed in CI; .ci/run should install it")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	return &Browser{bin: bin, dir: t.TempDir(), proxy: newRecordingProxy(t)}
}

func find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func (b *Browser) args(width, height int) []string {
	b.runs++
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
		"--proxy-server=http://" + b.proxy.addr, "--proxy-bypass-list=<-loopback>",
		"--enable-logging=stderr", "--v=0", "--window-size=" + strconv.Itoa(width) + "," + strconv.Itoa(height),
		"--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
		"--disable-breakpad", "--metrics-recording-only", "--disable-field-trial-config",
		"--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,SignInProfileCreation,AccountConsistency",
		"--user-data-dir=" + filepath.Join(b.dir, "profile-"+strconv.Itoa(b.runs)),
	}
}

// DumpDOM loads the page file and returns the DOM after its scripts ran.
func (b *Browser) DumpDOM(t *testing.T, page string, width, height int) string {
	t.Helper()
	return b.run(t, append(b.args(width, height), "--dump-dom", "file://"+page)...)
}

// Screenshot photographs the page file at width × height into shot (PNG).
func (b *Browser) Screenshot(t *testing.T, page, shot string, width, height int) {
	t.Helper()
	b.run(t, append(b.args(width, height), "--screenshot="+shot, "file://"+page)...)
}

// Probe loads a copy of page with a script appended that evaluates expr (a
// JavaScript expression) once the page is laid out, and returns its value
// decoded from JSON into out. The page itself is left as it is.
func (b *Browser) Probe(t *testing.T, page string, width, height int, expr string, out any) {
	t.Helper()
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(b.dir, "probe-"+strconv.Itoa(b.runs)+".html")
	script := `<script>document.documentElement.setAttribute("data-probe", JSON.stringify(` + expr + `));</script>`
	i := bytes.LastIndex(src, []byte("</body>"))
	if i < 0 {
		i = len(src)
	}
	withProbe := append(append(append([]byte{}, src[:i]...), script...), src[i:]...)
	if err := os.WriteFile(probe, withProbe, 0o644); err != nil {
		t.Fatal(err)
	}
	dom := b.DumpDOM(t, probe, width, height)
	m := regexp.MustCompile(`data-probe="([^"]*)"`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run (console errors?):\n%s", b.Logs.String())
	}
	if err := json.Unmarshal([]byte(htmlUnescape(m[1])), out); err != nil {
		t.Fatalf("probe result %q: %v", m[1], err)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&quot;", `"`, "&lt;", "<", "&gt;", ">", "&#39;", "'", "&amp;", "&").Replace(s)
}

func (b *Browser) run(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	b.Logs.WriteString(errb.String())
	return out.String()
}

var consoleError = regexp.MustCompile(`(?i)CONSOLE.*(error|uncaught)|Uncaught `)

// ConsoleErrors are the console errors Chromium logged so far.
func (b *Browser) ConsoleErrors() []string {
	var out []string
	for _, l := range strings.Split(b.Logs.String(), "\n") {
		if consoleError.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// PageRequests are the requests the proxy saw, apart from Chromium's own
// services.
func (b *Browser) PageRequests() []string { return b.proxy.pageRequests() }

// ArtifactDir is where screenshots go: $SCORE_TEST_ARTIFACTS, else the
// test's temporary folder.
func ArtifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCORE_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
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

// Layout is what LayoutProbe measures.
type Layout struct {
	ScrollWidth  int `json:"scrollWidth"`
	ClientWidth  int `json:"clientWidth"`
	ScrollHeight int `json:"scrollHeight"`
	// Overflowing names elements whose right edge passes the viewport.
	Overflowing []string `json:"overflowing"`
}

// LayoutProbe is the JavaScript expression of a Layout.
// ScrollHeight is the page as it loads; the widths are measured with every
// <details> open, so no drill-down overflows either.
const LayoutProbe = `(function () {
  var d = document.documentElement, over = [], height = d.scrollHeight;
  document.querySelectorAll("details").forEach(function (e) { e.open = true; });
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > d.clientWidth + 1 && over.length < 10) {
      over.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined ? "." + e.className : ""));
    }
  });
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, scrollHeight: height, overflowing: over};
})()`

// maxShotHeight caps a full-page screenshot, which Chromium renders as one
// bitmap.
const maxShotHeight = 30000

// FullPage lays the page out at width, fails the test when it is wider
// than that (document.documentElement.scrollWidth > width: a horizontal
// scroll bar), and photographs the whole page, width × its full height,
// into shot. expr, when set, is probed in the same run (see Probe) into
// out.
func (b *Browser) FullPage(t *testing.T, page, shot string, width int, expr string, out any) Layout {
	t.Helper()
	if expr == "" {
		expr = "null"
	}
	var probed struct {
		Layout Layout          `json:"layout"`
		Data   json.RawMessage `json:"data"`
	}
	b.Probe(t, page, width, 900, "{layout: "+LayoutProbe+", data: "+expr+"}", &probed)
	l := probed.Layout
	if out != nil {
		if err := json.Unmarshal(probed.Data, out); err != nil {
			t.Fatalf("probe result %s: %v", probed.Data, err)
		}
	}
	if l.ScrollWidth > width {
		t.Errorf("the page is %d px wide at a %d px window (horizontal overflow); elements past the edge: %v", l.ScrollWidth, width, l.Overflowing)
	}
	height := min(max(l.ScrollHeight, 600), maxShotHeight)
	b.Screenshot(t, page, shot, width, height)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Errorf("no real screenshot at %s: %v", shot, err)
	}
	t.Logf("scrollWidth %d at a %d px window; full-page screenshot %d×%d: %s", l.ScrollWidth, width, width, height, shot)
	return l
}
