package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/internal/hostile"
	"github.com/scoredev/score/scorecard"
)

// The end-to-end check of the hostile-input issue (issue 17, "Verify"): one
// scan over 50 repositories served by a real git server on loopback, 10 of
// them hostile in a way that must cost them their row and nothing else.
//
// The ten error rows, chosen among the cases that cannot be scored by
// nature (a repository score cannot read at all, or whose facts would be
// untrustworthy):
//
//   - bad-dot, bad-dotdot, bad-slash, bad-git, bad-empty: a commit whose
//     tree has an entry named ".", "..", "a/b", ".git" or "" (item 4;
//     hostile.BadTreeEntryRepo). Git itself refuses to pack an empty name,
//     so bad-empty fails in the clone; the others in reading the tree.
//   - hanging: a git server that accepts the connection and never answers
//     (item 13; gittest.HangingURL): the repository exceeds --timeout.
//   - unreachable: nothing listens on the port (gittest.UnreachableURL).
//   - broken-server: the git server answers 500 to every request.
//   - not-git: a server that answers 200 with an HTML page, not git.
//   - panics: an ordinary repository on which a collector panics (the
//     test fault hook, collect.SetFaultHook; a bug in score must cost
//     one row, not the scan).
//
// The 40 others are small ordinary services. The bounds that keep hostile
// repositories *scorable* (links out, into .git or onto /proc, include
// floods, deep trees, ARG bombs) are checked by
// TestScanScoresBoundedHostileRepos, beyond the 50.

// publishDir publishes the git folder of a repository built by
// internal/hostile (which writes objects without the git binary, so that
// git's own checks never see them) as name on srv.
func publishDir(t *testing.T, srv *gittest.Server, name, dir string) string {
	t.Helper()
	bare := filepath.Join(srv.Root, filepath.FromSlash(name)+".git")
	if err := os.MkdirAll(filepath.Dir(bare), 0o755); err != nil {
		t.Fatal(err)
	}
	gitDir := filepath.Join(dir, ".git")
	if _, err := os.Stat(gitDir); err != nil {
		gitDir = dir
	}
	if err := os.CopyFS(bare, os.DirFS(gitDir)); err != nil {
		t.Fatal(err)
	}
	return srv.RepoURL(name)
}

// leakMarkers are the strings no output may ever hold.
var leakMarkers = []string{hostile.OutsideTeam, hostile.OutsideSecret, hostile.GitToken, "root:x:0:0"}

func assertNoLeak(t *testing.T, where, text string) {
	t.Helper()
	for _, m := range leakMarkers {
		if strings.Contains(text, m) {
			t.Errorf("%s holds %q", where, m)
		}
	}
}

// TestScanFiftyReposTenHostile: 40 scored rows, 10 error rows each naming
// its cause, a complete OUT file and a complete store, no leak anywhere.
// Not parallel: the fault hook is process-wide.
func TestScanFiftyReposTenHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("serves 50 repositories")
	}
	srv := gittest.NewServer(t)
	good := gittest.NewRepo(t, serviceFiles)
	first := srv.Add("acme/svc-00", good)
	urls := []string{first}
	for i := 1; i < 40; i++ {
		// Copies of one published repository: 40 real clones, without 40
		// runs of git push.
		name := fmt.Sprintf("acme/svc-%02d", i)
		if err := os.CopyFS(filepath.Join(srv.Root, name+".git"), os.DirFS(filepath.Join(srv.Root, "acme/svc-00.git"))); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, srv.RepoURL(name))
	}
	// want: the error row of each hostile repository must contain all of
	// these (its cause, and where it is known, the offending name).
	want := map[string][]string{}
	for name, entry := range map[string]string{"bad-dot": ".", "bad-dotdot": "..", "bad-slash": "a/b", "bad-git": ".git", "bad-empty": ""} {
		dir := t.TempDir()
		commit, err := hostile.BadTreeEntryRepo(dir, entry)
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, publishDir(t, srv, "hostile/"+name, dir))
		if entry == "" {
			// git's upload-pack refuses to pack it: the clone fails.
			want["hostile/"+name] = []string{"clone ", "repository corruption on the remote side"}
			continue
		}
		want["hostile/"+name] = []string{fmt.Sprintf("invalid tree entry %q", entry), "in commit " + commit}
	}
	urls = append(urls, gittest.HangingURL(t, "hostile/hanging"))
	want["hostile/hanging"] = []string{"took longer than --timeout 20s"}
	urls = append(urls, gittest.UnreachableURL(t, "hostile/unreachable"))
	want["hostile/unreachable"] = []string{"connect: connection refused", " attempts)"}
	broken := srv.Add("hostile/broken-server", good)
	srv.Fail("hostile/broken-server", http.StatusInternalServerError, 1000, "")
	urls = append(urls, broken)
	want["hostile/broken-server"] = []string{"status code: 500"}
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Welcome to nginx!</body></html>\n")
	}))
	t.Cleanup(html.Close)
	urls = append(urls, html.URL+"/hostile/not-git.git")
	want["hostile/not-git"] = []string{"clone " + html.URL + "/hostile/not-git.git", "invalid pkt-len"}
	urls = append(urls, srv.Add("hostile/panics", good))
	want["hostile/panics"] = []string{"collect dockerfile: internal error: assignment to entry in nil map (please report)"}
	restore := collect.SetFaultHook(func(collector string, repo facts.RepoInfo) {
		if collector == "dockerfile" && repo.Name == "hostile/panics" {
			var m map[string]int
			m["boom"]++
		}
	})
	defer restore()
	if len(urls) != 50 || len(want) != 10 {
		t.Fatalf("built %d repositories, %d hostile; want 50 and 10", len(urls), len(want))
	}

	list := filepath.Join(t.TempDir(), "repos.txt")
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	store := filepath.Join(t.TempDir(), "history.db")
	stdout, stderr, code := runCLI(t, nil, "scan", "--repos", list, "--out", out, "--store", store,
		"--timeout", "20s", "--concurrency", "8", "--progress", "lines")
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	assertNoLeak(t, "stdout", stdout)
	assertNoLeak(t, "stderr", stderr)
	assertNoLeak(t, "OUT", string(readFile(t, out)))
	assertNoLeak(t, "the store", storeText(t, store))
	if _, err := os.Stat(out + ".partial"); !os.IsNotExist(err) {
		t.Errorf("%s.partial left behind (%v)", out, err)
	}

	scan := readScan(t, out)
	checkRows := func(where string, repos []scorecard.Repo) {
		t.Helper()
		scored, errs := 0, 0
		for _, r := range repos {
			words, hostileRow := want[r.Name]
			switch {
			case hostileRow:
				errs++
				if r.Error == "" {
					t.Errorf("%s: %s scored (%d checks), want an error row", where, r.Name, len(r.Checks))
				}
				for _, w := range words {
					if !strings.Contains(r.Error, w) {
						t.Errorf("%s: %s error %q, want it to name %q", where, r.Name, r.Error, w)
					}
				}
			case r.Error != "":
				t.Errorf("%s: ordinary %s failed: %s", where, r.Name, r.Error)
			case len(r.Checks) == 0:
				t.Errorf("%s: ordinary %s has no checks", where, r.Name)
			default:
				scored++
			}
		}
		if len(repos) != 50 || scored != 40 || errs != 10 {
			t.Errorf("%s: %d rows, %d scored, %d errors; want 50, 40, 10", where, len(repos), scored, errs)
		}
	}
	checkRows("OUT", scan.Repos)

	st, err := history.OpenReadOnly(store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, stored, err := st.LatestScan(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	checkRows("store", stored.Repos)
}

// hostileDir is the static corpus of hostile inputs (see its README.md).
const hostileDir = "../../testdata/hostile"

// commitDir makes the working tree dir (built by internal/hostile) a git
// repository with one commit of everything in it, links as links.
func commitDir(t *testing.T, dir string) *gittest.Repo {
	t.Helper()
	gittest.Git(t, dir, "init", "-q", "-b", "main")
	gittest.Git(t, dir, "add", "-A")
	gittest.Git(t, dir, "commit", "-q", "-m", "hostile")
	return &gittest.Repo{Dir: dir}
}

// TestScanScoresBoundedHostileRepos: the hostile repositories that a bound
// keeps scorable are scored, each with the warning that names its bound,
// and nothing they point at outside themselves reaches any output. The
// links are scanned both as checkouts in place (--dir: the links resolve
// on this machine, the outside files exist) and as commits served over
// git (the links resolve inside the commit's tree).
func TestScanScoresBoundedHostileRepos(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	checkouts, outside := t.TempDir(), t.TempDir()
	if err := hostile.OutsideLinks(filepath.Join(checkouts, "outside-links"), outside); err != nil {
		t.Fatal(err)
	}
	if err := hostile.GitDirLinks(filepath.Join(checkouts, "gitdir-links")); err != nil {
		t.Fatal(err)
	}
	if err := hostile.DeviceLinks(filepath.Join(checkouts, "device-links")); err != nil {
		t.Fatal(err)
	}
	served := t.TempDir()
	if err := hostile.OutsideLinks(filepath.Join(served, "outside-links"), outside); err != nil {
		t.Fatal(err)
	}
	urls := []string{srv.Add("served/outside-links", commitDir(t, filepath.Join(served, "outside-links")))}
	flood := filepath.Join(served, "include-flood")
	if err := hostile.IncludeFlood(flood, 12, 512<<10); err != nil {
		t.Fatal(err)
	}
	urls = append(urls, srv.Add("served/include-flood", commitDir(t, flood)))
	deep := t.TempDir()
	if _, err := hostile.DeepTreeRepo(deep, 300); err != nil {
		t.Fatal(err)
	}
	urls = append(urls, publishDir(t, srv, "served/deep-tree", deep))
	bomb := filepath.Join(served, "arg-bomb")
	if err := os.MkdirAll(bomb, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bomb, "Dockerfile"), readFile(t, filepath.Join(hostileDir, "arg-bomb", "Dockerfile")), 0o644); err != nil {
		t.Fatal(err)
	}
	urls = append(urls, srv.Add("served/arg-bomb", commitDir(t, bomb)))

	// want: per row, a path and words one of its warnings must have.
	type warning struct{ path, words string }
	want := map[string][]warning{
		"outside-links":        {{".score.yaml", "outside the repository"}, {"scripts/build.sh", "outside the repository"}},
		"gitdir-links":         {{"scripts/cfg.sh", "symlink into ."}, {"hooks", "symlink into ."}},
		"device-links":         {{".gitlab-ci.yml", "outside the repository"}, {"docker-compose.yml", "outside the repository"}},
		"served/outside-links": {{".score.yaml", "outside the repository"}, {"scripts/build.sh", "outside the repository"}},
		"served/include-flood": {{"ci/part-", "CI configuration"}},
		"served/deep-tree":     {{"d/d/d/", "deeper than"}},
		"served/arg-bomb":      {{"Dockerfile", "expansion"}},
	}
	args := []string{"scan", "--dir", checkouts, "--out", filepath.Join(t.TempDir(), "scan.json"),
		"--store", filepath.Join(t.TempDir(), "history.db"), "--timeout", "1m", "--progress", "lines"}
	for _, u := range urls {
		args = append(args, "--repo", u)
	}
	stdout, stderr, code := runCLI(t, nil, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	out, store := args[4], args[6]
	assertNoLeak(t, "stdout", stdout)
	assertNoLeak(t, "stderr", stderr)
	assertNoLeak(t, "OUT", string(readFile(t, out)))
	assertNoLeak(t, "the store", storeText(t, store))
	scan := readScan(t, out)
	if len(scan.Repos) != len(want) {
		t.Errorf("%d rows, want %d", len(scan.Repos), len(want))
	}
	for _, r := range scan.Repos {
		ws, ok := want[r.Name]
		if !ok {
			t.Errorf("unexpected row %s", r.Name)
			continue
		}
		if r.Error != "" || len(r.Checks) == 0 {
			t.Errorf("%s: error %q, %d checks; want it scored", r.Name, r.Error, len(r.Checks))
		}
		if r.Team == hostile.OutsideTeam {
			t.Errorf("%s: team read from outside the repository", r.Name)
		}
		for _, w := range ws {
			found := false
			for _, got := range r.Warnings {
				found = found || strings.HasPrefix(got.Path, w.path) && strings.Contains(got.Message, w.words)
			}
			if !found {
				t.Errorf("%s: no warning on %s about %q; warnings: %+v", r.Name, w.path, w.words, r.Warnings)
			}
		}
	}
}
