package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/scoredev/score/source/gitlab"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/internal/gittest"

	"github.com/scoredev/score/scorecard"
)

// These are the regression tests for the token, server and write items of
// the hostile-input issue: each runs the real command in-process against
// loopback servers.

// storeText is everything the SQLite store holds about a scan, as text: the
// stored scans loaded back, and the raw bytes of the database and its WAL.
func storeText(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{path, path + "-wal"} {
		if data, err := os.ReadFile(p); err == nil {
			b.Write(data)
		}
	}
	st, err := history.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, err := st.ListScans(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scans {
		scan, err := st.LoadScan(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := scorecard.WriteJSON(&b, scan); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s.Source)
	}
	return b.String()
}

func assertNoSecret(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s holds the secret %q", where, s)
		}
	}
}

// Item 9: a password with a raw % or a control character makes the URL
// unparseable; --repo and --repos refuse it as a usage error that never
// shows the password.
func TestScanRefusesUnparseableCredentialURLWithoutShowingIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, raw := range []string{
		"https://deploy:Pa%ssw0rdSECRET@git.example.com/g/r.git",
		"https://deploy:Pa\x01ssw0rdSECRET@git.example.com/g/r.git",
		"https://deploy:Pa%ssw0rdSECRET@git.example.com/g/r.git?private_token=QUERYSECRET",
	} {
		list := filepath.Join(dir, "repos.txt")
		if err := os.WriteFile(list, []byte(raw+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"--repo", raw}, {"--repos", list}} {
			out := filepath.Join(dir, "scan.json")
			stdout, stderr, code := runCLI(t, nil, append([]string{"scan", "--out", out, "--no-store", "--progress", "lines"}, args...)...)
			if code != ExitUsage {
				t.Errorf("%s %q: exit %d, want %d (usage)\n%s", args[0], raw, code, ExitUsage, stderr)
			}
			if !strings.Contains(stderr, "not a repository URL") {
				t.Errorf("%s %q: stderr does not say why: %s", args[0], raw, stderr)
			}
			assertNoSecret(t, args[0]+" output", stdout+stderr, "ssw0rdSECRET", "QUERYSECRET")
		}
	}
}

// Items 9 and 10: credentials, a query token and a fragment in a repository
// URL reach neither the progress line, the scan JSON, the HTML report nor
// the store.
func TestScanKeepsURLSecretsOutOfEveryOutput(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t, gittest.WithBasicAuth("deploy", "PassWordSECRET"))
	good := srv.Add("g/creds", gittest.NewRepo(t, serviceFiles))
	srv.Add("g/query", gittest.NewRepo(t, serviceFiles))
	withCreds := strings.Replace(good, "http://", "http://deploy:PassWordSECRET@", 1)
	withQuery := strings.Replace(srv.RepoURL("g/query"), "http://", "http://deploy:PassWordSECRET@", 1) +
		"?private_token=QueryTokenSECRET#FragmentSECRET"
	dir := t.TempDir()
	out, store := filepath.Join(dir, "scan.json"), filepath.Join(dir, "history.db")
	stdout, stderr, code := runCLI(t, nil, "scan", "--repo", withCreds, "--repo", withQuery,
		"--out", out, "--store", store, "--progress", "lines", "--timeout", "1m")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	secrets := []string{"PassWordSECRET", "QueryTokenSECRET", "FragmentSECRET"}
	assertNoSecret(t, "progress and summary", stdout+stderr, secrets...)
	if !strings.Contains(stderr, "g/creds") || !strings.Contains(stderr, "g/query") {
		t.Errorf("progress lines do not name the repositories:\n%s", stderr)
	}
	assertNoSecret(t, "scan JSON", string(readFile(t, out)), secrets...)
	scan := readScan(t, out)
	if len(scan.Repos) != 2 || scan.Repos[0].Name != "g/creds" || scan.Repos[0].Error != "" {
		t.Fatalf("repos = %+v; want g/creds scanned", scan.Repos)
	}
	if want := srv.RepoURL("g/creds"); scan.Repos[0].URL != want {
		t.Errorf("stored URL %q, want %q", scan.Repos[0].URL, want)
	}
	html := filepath.Join(dir, "report.html")
	if _, stderr, code := runCLI(t, nil, "report", "--in", out, "--format", "html", "--out", html); code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	assertNoSecret(t, "HTML report", string(readFile(t, html)), secrets...)
	assertNoSecret(t, "store", storeText(t, store), secrets...)
}

// Item 11: the token goes to the GitLab it belongs to (scheme, host and
// port of --gitlab-url), never to another server over plain http.
func TestScanSendsTheTokenOnlyToItsGitLab(t *testing.T) {
	t.Parallel()
	const token = "glpat-only-for-gitlab-a"
	gitlabA := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	other := gittest.NewServer(t)
	urlA := gitlabA.Add("acme/svc", gittest.NewRepo(t, serviceFiles))
	urlB := other.Add("acme/other", gittest.NewRepo(t, serviceFiles))
	env := map[string]string{"SCORE_GITLAB_TOKEN": token}
	out := filepath.Join(t.TempDir(), "scan.json")
	_, stderr, code := runCLI(t, env, "scan", "--repo", urlA, "--repo", urlB, "--gitlab-url", gitlabA.URL,
		"--out", out, "--no-store", "--progress", "none")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, r := range readScan(t, out).Repos {
		if r.Error != "" {
			t.Errorf("%s: %s", r.Name, r.Error)
		}
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("oauth2:"+token))
	sawToken := false
	for _, a := range gitlabA.Authorizations() {
		sawToken = sawToken || a == basic
	}
	if !sawToken {
		t.Error("the GitLab the token belongs to never received it")
	}
	for _, a := range other.Authorizations() {
		if a != "" {
			t.Errorf("another server received Authorization %q", a)
		}
	}

	// Without --gitlab-url (nor CI_SERVER_URL) the token belongs to
	// gitlab.com: neither loopback server gets it.
	gitlabA2 := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	urlA2 := gitlabA2.Add("acme/svc", gittest.NewRepo(t, serviceFiles))
	_, stderr, code = runCLI(t, env, "scan", "--repo", urlA2, "--out", out, "--no-store", "--progress", "none")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, a := range gitlabA2.Authorizations() {
		if a != "" {
			t.Errorf("a server that is not the token's GitLab received Authorization %q", a)
		}
	}
}

// Item 13: a GitLab API that accepts the request and never answers is cut
// off by --api-timeout (every attempt of every request), and the scan
// fails with the endpoint named instead of hanging.
func TestScanGitLabGroupWithAHangingAPI(t *testing.T) {
	t.Parallel()
	gl := gittest.NewGitLab(t)
	gl.AddProject(gittest.Project{PathWithNamespace: "acme/svc", DefaultBranch: "main"})
	for range 20 { // every attempt hangs
		gl.Fail(gittest.Failure{PathPrefix: "/api/v4/groups/", Hang: true})
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	_, stderr, code := runCLI(t, nil, "scan", "--gitlab-group", "acme", "--gitlab-url", gl.URL,
		"--api-timeout", "200ms", "--out", out, "--no-store", "--progress", "none")
	if code != ExitError {
		t.Fatalf("exit %d, want %d: %s", code, ExitError, stderr)
	}
	if !strings.Contains(stderr, "discover GitLab group acme") || !strings.Contains(stderr, "/api/v4/groups/acme/projects") {
		t.Errorf("stderr does not name the discovery and its endpoint:\n%s", stderr)
	}
	if !strings.Contains(stderr, "Timeout") && !strings.Contains(stderr, "deadline") {
		t.Errorf("stderr does not say the request timed out:\n%s", stderr)
	}
}

// Item 13: a git server that accepts the connection and never answers
// costs one repository its --timeout and becomes its error row.
func TestScanGitServerThatNeverAnswers(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	good := srv.Add("acme/good", gittest.NewRepo(t, serviceFiles))
	hanging := gittest.HangingURL(t, "acme/stuck")
	out := filepath.Join(t.TempDir(), "scan.json")
	_, stderr, code := runCLI(t, nil, "scan", "--repo", good, "--repo", hanging, "--timeout", "2s",
		"--out", out, "--no-store", "--progress", "none")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := map[string]scorecard.Repo{}
	for _, r := range readScan(t, out).Repos {
		rows[r.Name] = r
	}
	if rows["acme/good"].Error != "" {
		t.Errorf("acme/good: %s", rows["acme/good"].Error)
	}
	if e := rows["acme/stuck"].Error; !strings.Contains(e, "deadline") {
		t.Errorf("acme/stuck error = %q; want a deadline error row", e)
	}
}

// Item 15: GitLab discovery stops at a page whose X-Next-Page does not move
// forward, naming the endpoint.
func TestScanGitLabGroupStopsOnAStuckNextPage(t *testing.T) {
	t.Parallel()
	gl := gittest.NewGitLab(t)
	gl.MaxPerPage = 2
	for i := range 5 {
		gl.AddProject(gittest.Project{PathWithNamespace: fmt.Sprintf("acme/svc-%d", i), DefaultBranch: "main"})
	}
	gl.StuckNextPage = true
	out := filepath.Join(t.TempDir(), "scan.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, stderr, code := runCLIWith(t, ctx, io.Discard, nil, "scan", "--gitlab-group", "acme", "--gitlab-url", gl.URL,
		"--out", out, "--no-store", "--progress", "none")
	if code != ExitError {
		t.Fatalf("exit %d, want %d: %s", code, ExitError, stderr)
	}
	if !strings.Contains(stderr, "GET groups/acme/projects") || !strings.Contains(stderr, "next page is 1") {
		t.Errorf("stderr does not name the endpoint and the stuck page:\n%s", stderr)
	}
	if n := len(gl.Requests()); n > 3 {
		t.Errorf("%d API requests; want it stopped at the first non-advancing page", n)
	}
}

// Also: every bad number is a usage error, all named at once, and so are
// contradictory store flags.
func TestScanUsageErrorsForBadLimitsAndStoreFlags(t *testing.T) {
	t.Parallel()
	_, stderr, code := runCLI(t, nil, "scan", "--repo", "https://git.example.com/g/r.git",
		"--timeout", "-1s", "--concurrency", "0", "--api-timeout", "0s")
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d: %s", code, ExitUsage, stderr)
	}
	for _, want := range []string{"--timeout -1s", "--concurrency 0", "--api-timeout 0s"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, stderr)
		}
	}
	_, stderr, code = runCLI(t, nil, "scan", "--repo", "https://git.example.com/g/r.git", "--no-store", "--store", "h.db",
		"--concurrency", "-3")
	if code != ExitUsage || !strings.Contains(stderr, "--no-store and --store") || !strings.Contains(stderr, "--concurrency -3") {
		t.Errorf("exit %d, want %d naming both problems: %s", code, ExitUsage, stderr)
	}
}

// Item 14: repository-controlled text in the merge-request note (a workflow
// and job named "@all ..." with a quick action) arrives with its mentions
// broken and no line starting with /.
func TestCINoteEscapesMentionsAndQuickActions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := gittest.Files{}
	for k, v := range serviceFiles {
		files[k] = v
	}
	files[".github/workflows/ci.yml"] = "name: \"@all\\n/label ~x\"\non: push\npermissions: write-all\njobs:\n" +
		"  \"@devs /label ~y\":\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - run: echo hi\n"
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-note-token"
	proj := gl.AddProject(gittest.Project{PathWithNamespace: "acme/payments", DefaultBranch: "main"})
	env := map[string]string{
		"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "4",
		"CI_PROJECT_ID": fmt.Sprint(proj.ID), "CI_PROJECT_PATH": "@all/payments",
		"CI_API_V4_URL": gl.URL + "/api/v4", "SCORE_GITLAB_TOKEN": gl.Token,
	}
	_, stderr, code := runCLI(t, env, "ci", dir, "--no-default-artifacts")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notes := gl.Notes(fmt.Sprint(proj.ID), 4)
	if len(notes) != 1 {
		t.Fatalf("%d notes, want 1 (stderr: %s)", len(notes), stderr)
	}
	body := notes[0].Body
	if !strings.Contains(body, gitlab.Marker) || !strings.Contains(body, "/label \\~x") || !strings.Contains(body, "/label \\~y") {
		t.Fatalf("the note lacks the marker or the hostile job's finding:\n%s", body)
	}
	for _, mention := range []string{"@all", "@devs"} {
		for i := 0; ; {
			j := strings.Index(body[i:], mention)
			if j < 0 {
				break
			}
			at := i + j
			if at == 0 || !isWordByteTest(body[at-1]) {
				t.Errorf("unescaped mention %s in the note: …%s…", mention, body[max(0, at-20):min(len(body), at+20)])
			}
			i = at + 1
		}
	}
	if !strings.Contains(body, "@\u200dall") || !strings.Contains(body, "@\u200ddevs") {
		t.Errorf("mentions not broken with a zero-width joiner:\n%s", body)
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "/") {
			t.Errorf("a line of the note is a quick action: %q", line)
		}
	}
}

func isWordByteTest(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// scanFile writes a small real scan result for the report and write tests.
func scanFile(t *testing.T) string {
	t.Helper()
	srv := gittest.NewServer(t)
	u := srv.Add("acme/svc", gittest.NewRepo(t, serviceFiles))
	out := filepath.Join(t.TempDir(), "scan.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--repo", u, "--out", out, "--no-store", "--progress", "none"); code != ExitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	return out
}

// Item 12: /dev/full (reached through a symbolic link, and as a character
// device of its own when the test may make one) is written in place: the
// write error is exit 1 naming the path, and the device stays a device.
func TestOutToAFullDeviceIsAnError(t *testing.T) {
	t.Parallel()
	in := scanFile(t)
	dir := t.TempDir()
	targets := map[string]string{}
	link := filepath.Join(dir, "full-link")
	if err := os.Symlink("/dev/full", link); err != nil {
		t.Fatal(err)
	}
	targets["symlink to /dev/full"] = link
	dev := filepath.Join(dir, "full-dev")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|7); err == nil { // major 1, minor 7: full
		targets["character device"] = dev
	} else {
		t.Logf("no character device of our own (%v); testing through the link only", err)
	}
	for what, out := range targets {
		for _, args := range [][]string{
			{"report", "--in", in, "--format", "json", "--out", out},
			{"merge", in, "--out", out},
			{"ci", t.TempDir(), "--no-default-artifacts", "--output", "markdown=" + out},
		} {
			_, stderr, code := runCLI(t, nil, args...)
			if code != ExitError {
				t.Errorf("%s, %s: exit %d, want %d: %s", what, args[0], code, ExitError, stderr)
			}
			if !strings.Contains(stderr, "write "+out) || !strings.Contains(stderr, "no space left") {
				t.Errorf("%s, %s: stderr does not name the path and the error:\n%s", what, args[0], stderr)
			}
		}
		li, err := os.Lstat(out)
		if err != nil {
			t.Fatal(err)
		}
		if what == "symlink to /dev/full" && li.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("the link was replaced by a %v", li.Mode())
		}
		if what == "character device" && li.Mode()&fs.ModeCharDevice == 0 {
			t.Errorf("the device was replaced by a %v", li.Mode())
		}
	}
}

// Item 12: scan --out through a link to /dev/full fails with exit 1 and
// leaves no .partial beside the link.
func TestScanOutToAFullDevice(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	u := srv.Add("acme/svc", gittest.NewRepo(t, serviceFiles))
	dir := t.TempDir()
	link := filepath.Join(dir, "out.json")
	if err := os.Symlink("/dev/full", link); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, nil, "scan", "--repo", u, "--out", link, "--no-store", "--progress", "none")
	if code != ExitError || !strings.Contains(stderr, "write "+link) {
		t.Fatalf("exit %d, want %d naming the path: %s", code, ExitError, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files beside the link: %v", entries)
	}
}

// Item 12: a FIFO is written in place (whoever reads it gets the report)
// and stays a FIFO.
func TestOutToAFIFOIsWrittenInPlace(t *testing.T) {
	t.Parallel()
	in := scanFile(t)
	fifo := filepath.Join(t.TempDir(), "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	// Holding a read-write end lets the reader open at once, before the
	// command runs, and see EOF only once this end closes too, whatever
	// the command does.
	hold, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()
	_, stderr, code := runCLI(t, nil, "report", "--in", in, "--format", "json", "--out", fifo)
	hold.Close()
	data := <-got
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(string(data), `"acme/svc"`) {
		t.Errorf("the reader of the FIFO got %d bytes without the report", len(data))
	}
	if li, err := os.Lstat(fifo); err != nil || li.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", li.Mode(), err)
	}
}

// Item 12: a symbolic link to a regular file is written through: the file
// is replaced atomically and the link stays a link. A link to nothing is
// refused.
func TestOutThroughASymlinkReplacesItsTarget(t *testing.T) {
	t.Parallel()
	in := scanFile(t)
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, nil, "report", "--in", in, "--format", "json", "--out", link); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if li, err := os.Lstat(link); err != nil || li.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if b := readFile(t, real); !strings.Contains(string(b), `"acme/svc"`) {
		t.Errorf("the target holds %q", b)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink("missing/nothing.json", dangling); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, nil, "report", "--in", in, "--format", "json", "--out", dangling)
	if code != ExitError || !strings.Contains(stderr, "symbolic link to a missing file") {
		t.Errorf("dangling link: exit %d: %s", code, stderr)
	}
}

// Item 12: history, diff and report work on a store that is read-only
// (file 0444 in a 0555 folder), and they create nothing when it is missing.
func TestReadOnlyStoreServesHistoryDiffAndReport(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	u := srv.Add("acme/svc", gittest.NewRepo(t, serviceFiles))
	dir := filepath.Join(t.TempDir(), "new", "folder") // created because --store names it
	store := filepath.Join(dir, "history.db")
	out := filepath.Join(t.TempDir(), "scan.json")
	for range 2 {
		if _, stderr, code := runCLI(t, nil, "scan", "--repo", u, "--out", out, "--store", store, "--full", "--progress", "none"); code != ExitOK {
			t.Fatalf("scan: exit %d: %s", code, stderr)
		}
	}
	if err := os.Chmod(store, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	before := readFile(t, store)
	for _, args := range [][]string{
		{"history", "--store", store},
		{"diff", "previous", "latest", "--store", store},
		{"report", "--in", out, "--store", store, "--format", "markdown"},
	} {
		if _, stderr, code := runCLI(t, nil, args...); code != ExitOK {
			t.Errorf("%s on a read-only store: exit %d: %s", args[0], code, stderr)
		}
	}
	if string(readFile(t, store)) != string(before) {
		t.Error("reading the store changed it")
	}
	missing := filepath.Join(t.TempDir(), "absent")
	if _, _, code := runCLI(t, nil, "history", "--store", filepath.Join(missing, "history.db")); code != ExitUsage {
		t.Errorf("history of a missing store: exit %d, want %d", code, ExitUsage)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("history created the missing store's folder: %v", err)
	}
}

// Item 12: a link to a process's standard output (here /proc/self/fd/N of
// a pipe, as /dev/stdout is when output is piped) is written in place: the
// pipe's reader gets the report, and the link stays a link.
func TestOutThroughALinkToAPipe(t *testing.T) {
	t.Parallel()
	in := scanFile(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fdPath := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
	if _, err := os.Stat(fdPath); err != nil {
		w.Close()
		t.Skipf("no /proc/self/fd: %v", err)
	}
	link := filepath.Join(t.TempDir(), "stdout")
	if err := os.Symlink(fdPath, link); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()
	_, stderr, code := runCLI(t, nil, "report", "--in", in, "--format", "json", "--out", link)
	w.Close()
	data := <-got
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(string(data), `"acme/svc"`) {
		t.Errorf("the pipe's reader got %d bytes without the report", len(data))
	}
	if li, err := os.Lstat(link); err != nil || li.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
}
