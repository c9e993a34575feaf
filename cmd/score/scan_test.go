package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
)

// fixtureFiles reads a fixture repository under testdata/repos as Files.
func fixtureFiles(t *testing.T, name string) gittest.Files {
	t.Helper()
	root := filepath.Join(fixturesDir, name)
	files := gittest.Files{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readScan(t *testing.T, path string) *scorecard.Scan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := scorecard.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestScanFiftyReposOneUnreachableOneMalformed clones 50 repositories from a
// real git server on loopback: one URL is unreachable, one repository has
// malformed files. Every repository keeps its row.
func TestScanFiftyReposOneUnreachableOneMalformed(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	names := fixtureNames(t)
	var list strings.Builder
	list.WriteString("repos:\n")
	for i := range 48 {
		name := fmt.Sprintf("acme/svc-%02d", i)
		url := srv.Add(name, gittest.NewRepo(t, fixtureFiles(t, names[i%len(names)])))
		fmt.Fprintf(&list, "  - url: %s\n    name: %s\n", url, name)
	}
	malformed := gittest.NewRepo(t, gittest.Files{
		"README.md":       "# broken\n",
		"Dockerfile":      "FROM golang:1.22\nFROM\n",
		".gitlab-ci.yml":  "test: [unclosed\n",
		".score.yaml":     "team: [oops\n",
		"deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n",
		"logo.png":        "\x89PNG\r\n\x1a\n\x00\x00",
	})
	fmt.Fprintf(&list, "  - url: %s\n    name: acme/malformed\n", srv.Add("acme/malformed", malformed))
	fmt.Fprintf(&list, "  - url: %s\n    name: acme/gone\n", gittest.UnreachableURL(t, "acme/gone"))
	dir := t.TempDir()
	reposFile := filepath.Join(dir, "repos.yaml")
	if err := os.WriteFile(reposFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "scan.json")
	stdout, stderr, code := runCLI(t, nil, "scan", "--repos", reposFile, "--out", out, "--no-store", "--concurrency", "8", "--progress", "lines")
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	scan := readScan(t, out)
	if len(scan.Repos) != 50 {
		t.Fatalf("%d rows, want 50", len(scan.Repos))
	}
	var errored []string
	for _, r := range scan.Repos {
		if r.Error != "" {
			errored = append(errored, r.Name+": "+r.Error)
			continue
		}
		if want := catalogueSize(t); len(r.Checks) != want {
			t.Errorf("%s: %d checks, want %d (the whole catalogue)", r.Name, len(r.Checks), want)
		}
		if r.Name == "acme/malformed" && len(r.Warnings) < 3 {
			t.Errorf("malformed repo scored with %d warnings, want its broken files named: %+v", len(r.Warnings), r.Warnings)
		}
	}
	if len(errored) != 1 || !strings.HasPrefix(errored[0], "acme/gone: ") {
		t.Errorf("errored rows = %v, want only acme/gone", errored)
	}
	if _, err := os.Stat(out + ".partial"); !os.IsNotExist(err) {
		t.Errorf("the partial stream was not removed after the final write: %v", err)
	}
	if !strings.Contains(stderr, "[50/50]") {
		t.Errorf("no progress lines on a non-terminal:\n%s", stderr)
	}
}

// TestScanTwiceThenDiff records two scans in the history store with one
// change in between: diff names exactly the check that changed, and the
// unchanged repositories are reused without cloning.
func TestScanTwiceThenDiff(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	repos := map[string]*gittest.Repo{}
	var urls []string
	for _, n := range []string{"alpha", "beta", "gamma"} {
		repos[n] = gittest.NewRepo(t, serviceFiles)
		urls = append(urls, "--repo", srv.Add("acme/"+n, repos[n]))
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "history.db")
	scan := func(out string) string {
		args := append([]string{"scan", "--out", filepath.Join(dir, out), "--store", store, "--progress", "lines"}, urls...)
		_, stderr, code := runCLI(t, nil, args...)
		if code != ExitOK {
			t.Fatalf("scan exit %d: %s", code, stderr)
		}
		return stderr
	}
	scan("first.json")
	repos["beta"].Commit(gittest.Files{
		"Dockerfile": "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT [\"/app\"]\n",
	}, "run as non-root")
	srv.Add("acme/beta", repos["beta"])
	second := scan("second.json")
	if got := strings.Count(second, "(unchanged)"); got != 2 {
		t.Errorf("%d repositories reused as unchanged, want 2:\n%s", got, second)
	}

	stdout, stderr, code := runCLI(t, nil, "diff", "previous", "latest", "--store", store, "--format", "json")
	if code != ExitOK {
		t.Fatalf("diff exit %d: %s", code, stderr)
	}
	var d scorecard.ScanDiff
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) != 1 || d.Changed[0].Name != "acme/beta" {
		t.Fatalf("changed = %+v, want only acme/beta", d.Changed)
	}
	if c := d.Changed[0]; strings.Join(c.Fixed, ",") != "security.container-non-root" || len(c.Broken) != 0 {
		t.Errorf("beta fixed %v broken %v, want fixed [security.container-non-root]", c.Fixed, c.Broken)
	}
	text, _, _ := runCLI(t, nil, "diff", filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json"))
	if !strings.Contains(text, "acme/beta") || !strings.Contains(text, "+ security.container-non-root") {
		t.Errorf("text diff lacks the change:\n%s", text)
	}
	hist, _, _ := runCLI(t, nil, "history", "--store", store)
	if strings.Count(hist, "repo:3") != 2 {
		t.Errorf("the store does not hold both scans:\n%s", hist)
	}
}

// TestScanGitLabGroup discovers a group's projects through the GitLab REST
// stand-in (paginated, with a 429 and a 500 on the way) and clones them from
// the loopback git server.
func TestScanGitLabGroup(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-group-scan-token"
	gl.MaxPerPage = 2 // five projects over three pages
	for i := range 5 {
		path := fmt.Sprintf("acme/team-%d/svc-%d", i%2, i)
		gl.AddProject(gittest.Project{PathWithNamespace: path, DefaultBranch: "main",
			HTTPURL: srv.Add(path, gittest.NewRepo(t, serviceFiles))})
	}
	gl.AddProject(gittest.Project{PathWithNamespace: "acme/old", DefaultBranch: "main", Archived: true,
		HTTPURL: srv.Add("acme/old", gittest.NewRepo(t, serviceFiles))})
	gl.Fail(gittest.Failure{Method: "GET", PathPrefix: "/api/v4/groups/", Status: 429, RetryAfter: "1"})
	gl.Fail(gittest.Failure{Method: "GET", PathPrefix: "/api/v4/groups/", Query: "page=2", Status: 500})

	dir := t.TempDir()
	cfg := filepath.Join(dir, "score.yaml")
	if err := os.WriteFile(cfg, []byte("teams:\n  - match: acme/team-0/**\n    team: payments\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "scan.json")
	env := map[string]string{"GITLAB_TOKEN": gl.Token}
	_, stderr, code := runCLI(t, env, "scan", "--gitlab-group", "acme", "--gitlab-url", gl.URL, "--config", cfg,
		"--out", out, "--no-store", "--progress", "none")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stderr, gl.Token) {
		t.Error("the token was printed")
	}
	pages := map[string]bool{}
	for _, r := range gl.Requests() {
		if strings.HasPrefix(r.Path, "/api/v4/groups/") {
			pages[r.Query.Get("page")+"/"+fmt.Sprint(r.Status)] = true
		}
	}
	for _, want := range []string{"1/429", "1/200", "2/500", "2/200", "3/200"} {
		if !pages[want] {
			t.Errorf("no group-projects request answered page/status %s; saw %v", want, pages)
		}
	}
	scan := readScan(t, out)
	if len(scan.Repos) != 5 {
		t.Fatalf("%d repos, want 5 (the archived project skipped)", len(scan.Repos))
	}
	teams := map[string]int{}
	for _, r := range scan.Repos {
		if r.Error != "" {
			t.Errorf("%s: %s", r.Name, r.Error)
		}
		teams[r.Team]++
	}
	if teams["payments"] != 3 || teams[scorecard.Unowned] != 2 {
		t.Errorf("teams = %v, want 3 payments (group mapping) and 2 unowned", teams)
	}
}

// cancelOnWrite cancels a context the first time a line containing marker
// is written: the test's Ctrl-C.
type cancelOnWrite struct {
	marker string
	cancel context.CancelFunc
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.marker) {
		c.cancel()
	}
	return len(p), nil
}

// TestScanInterruptedKeepsWhatFinished cancels a scan (as Ctrl-C does) once
// the first repository is done: the result file is still written, with the
// finished row scored and every other row kept as not scanned.
func TestScanInterruptedKeepsWhatFinished(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	var args []string
	for i := range 6 {
		args = append(args, "--repo", srv.Add(fmt.Sprintf("acme/svc-%d", i), gittest.NewRepo(t, serviceFiles)))
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	args = append([]string{"scan", "--out", out, "--no-store", "--concurrency", "1", "--progress", "lines"}, args...)
	_, stderr, code := runCLIWith(t, ctx, &cancelOnWrite{marker: "[1/6]", cancel: cancel}, nil, args...)
	if code != ExitError || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("exit %d, want %d with a word about the interruption:\n%s", code, ExitError, stderr)
	}
	scan := readScan(t, out)
	if len(scan.Repos) != 6 {
		t.Fatalf("%d rows, want all 6 kept", len(scan.Repos))
	}
	scored, notScanned := 0, 0
	for _, r := range scan.Repos {
		switch {
		case r.Error == "":
			scored++
		case strings.Contains(r.Error, "interrupted"):
			notScanned++
		default:
			t.Errorf("%s: unexpected error %q", r.Name, r.Error)
		}
	}
	if scored < 1 || scored+notScanned != 6 {
		t.Errorf("%d scored and %d not scanned, want the finished one(s) scored and the rest kept", scored, notScanned)
	}
}
