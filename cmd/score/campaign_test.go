package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
)

// buildScore builds the score binary into a test folder, for the tests
// that run it end to end.
func buildScore(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "score")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build score: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs the built binary with a clean environment (no SCORE_*
// from the developer's shell) and returns stdout, stderr and exit code.
func runBinary(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "NO_COLOR=1"}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

const campaignConfig = `campaigns:
  - id: payments-silver
    title: Payments services at silver
    target: {level: silver}
    scope: {teams: [payments]}
    starts: 2026-12-01
    due: 2027-03-31
  - id: readme
    title: Every repository has a README
    target: {checks: [ownership.readme]}
    scope: {repos: ["pay/**"]}
    starts: 2027-03-01
    due: 2027-04-30
`

func campaignRepo(name, team string, outcomes ...string) scorecard.Repo {
	r := scorecard.Repo{Name: name, Team: team, Level: scorecard.None, Categories: map[string]scorecard.CategoryScore{}}
	levels := map[string]string{"build.ci-pipeline": scorecard.Bronze, "test.coverage": scorecard.Silver, "ownership.readme": scorecard.Gold, "build.base-image-digest": scorecard.Gold}
	for _, o := range outcomes {
		id, outcome, _ := strings.Cut(o, "=")
		r.Checks = append(r.Checks, scorecard.CheckResult{ID: id, Title: id, Level: levels[id], Weight: 1, Category: "build",
			Outcome: scorecard.Outcome(outcome), Findings: []scorecard.Finding{}})
	}
	return r
}

// campaignStore writes three scans into a real SQLite history file: the
// payments campaign's burn-up is 0/3, 1/3, 2/4 (computed by hand below).
func campaignStore(t *testing.T) (store, config string) {
	t.Helper()
	dir := t.TempDir()
	store, config = filepath.Join(dir, "history.db"), filepath.Join(dir, "score.yaml")
	if err := os.WriteFile(config, []byte(campaignConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := history.Open(store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := func(day string, repos ...scorecard.Repo) *scorecard.Scan {
		f, _ := time.Parse(time.RFC3339, day+"T03:00:00Z")
		s := &scorecard.Scan{Schema: scorecard.Schema, StartedAt: f.Add(-time.Minute), FinishedAt: f, Repos: repos}
		scorecard.Finalize(s)
		return s
	}
	scans := []*scorecard.Scan{
		at("2026-12-05",
			campaignRepo("pay/api", "payments", "build.ci-pipeline=pass", "test.coverage=fail", "ownership.readme=pass"),
			campaignRepo("pay/web", "payments", "build.ci-pipeline=pass", "test.coverage=fail", "ownership.readme=fail"),
			campaignRepo("pay/batch", "payments", "build.ci-pipeline=fail", "test.coverage=pass", "ownership.readme=pass"),
			campaignRepo("search/x", "search", "build.ci-pipeline=pass", "test.coverage=pass")),
		at("2027-01-10",
			campaignRepo("pay/api", "payments", "build.ci-pipeline=pass", "test.coverage=pass", "build.base-image-digest=fail", "ownership.readme=pass"),
			campaignRepo("pay/web", "payments", "build.ci-pipeline=pass", "test.coverage=fail", "ownership.readme=fail"),
			campaignRepo("pay/batch", "payments", "build.ci-pipeline=pass", "test.coverage=exempt", "ownership.readme=pass"),
			campaignRepo("search/x", "search", "build.ci-pipeline=pass", "test.coverage=pass")),
		at("2027-02-15",
			campaignRepo("pay/api", "payments", "build.ci-pipeline=pass", "test.coverage=pass", "build.base-image-digest=fail", "ownership.readme=pass"),
			campaignRepo("pay/web", "payments", "build.ci-pipeline=pass", "test.coverage=skip", "ownership.readme=fail"),
			campaignRepo("pay/batch", "payments", "build.ci-pipeline=pass", "test.coverage=exempt", "ownership.readme=pass"),
			campaignRepo("pay/new", "payments", "build.ci-pipeline=fail", "test.coverage=error", "ownership.readme=pass"),
			campaignRepo("search/x", "search", "build.ci-pipeline=fail")),
	}
	for _, s := range scans {
		if _, err := st.SaveScan(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	return store, config
}

// TestCampaignStatusBinary runs `score campaign status` as users do: the
// built binary over a history store of three scans.
func TestCampaignStatusBinary(t *testing.T) {
	t.Parallel()
	store, config := campaignStore(t)
	bin := buildScore(t)

	stdout, stderr, code := runBinary(t, bin, "campaign", "status", "payments-silver", "--config", config, "--store", store, "--today", "2027-02-20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := `payments-silver  Payments services at silver
  target level silver · 2026-12-01 to 2027-03-31 · 39 days left
  4 repositories in scope: 2 done, 1 to do, 1 exempted · on pace (2 expected by today)
  TEAM      REPOS  DONE  TO DO  EXEMPTED
  payments  4      2     1      1
  still to do:
    pay/new (payments): build.ci-pipeline, test.coverage
  exempted:
    pay/batch (payments): test.coverage
  burn-up (done per scan): 2026-12-05 0/3 · 2027-01-10 1/3 · 2027-02-15 2/4
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}

	// All campaigns; the readme one has not started on that day, and is
	// behind (advisory: still exit 0) once its due day has passed.
	stdout, _, code = runBinary(t, bin, "campaign", "status", "--config", config, "--store", store, "--today", "2027-05-02")
	if code != 0 || !strings.Contains(stdout, "readme  Every repository has a README") ||
		!strings.Contains(stdout, "2 days overdue") || !strings.Contains(stdout, "behind: 4 expected done by today") ||
		!strings.Contains(stdout, "pay/web (payments): ownership.readme") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}

	_, stderr, code = runBinary(t, bin, "campaign", "status", "nope", "--config", config, "--store", store)
	if code != ExitUsage || !strings.Contains(stderr, `unknown campaign "nope" (known: payments-silver, readme)`) {
		t.Errorf("unknown id: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runBinary(t, bin, "campaign", "status", "--store", store)
	if code != ExitUsage || !strings.Contains(stderr, "no campaigns to show") {
		t.Errorf("no config: exit %d, stderr %q", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("campaigns:\n  - id: x\n    target: {score: 1}\n    starts: 2027-01-01\n    due: 2026-01-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runBinary(t, bin, "campaign", "status", "--config", bad, "--store", store)
	if code != ExitUsage || !strings.Contains(stderr, bad+`:3: campaigns: target: unknown kind "score"`) || !strings.Contains(stderr, bad+`:2: campaign "x": due 2026-01-01 is before starts 2027-01-01`) {
		t.Errorf("bad config: exit %d, stderr %q", code, stderr)
	}
}

// TestCampaignStatusIn: --in measures a scan file; the store still gives
// the burn-up, and the scan file's own point joins it.
func TestCampaignStatusIn(t *testing.T) {
	t.Parallel()
	store, config := campaignStore(t)
	st, err := history.OpenReadOnly(store)
	if err != nil {
		t.Fatal(err)
	}
	_, scan, err := st.LatestScan(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	scan.StartedAt, scan.FinishedAt = scan.StartedAt.AddDate(0, 0, 3), scan.FinishedAt.AddDate(0, 0, 3)
	i := slices.IndexFunc(scan.Repos, func(r scorecard.Repo) bool { return r.Name == "pay/new" })
	scan.Repos[i] = campaignRepo("pay/new", "payments", "build.ci-pipeline=pass", "test.coverage=pass")
	in := filepath.Join(t.TempDir(), "scan.json")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := scorecard.WriteJSON(f, scan); err != nil {
		t.Fatal(err)
	}
	f.Close()
	stdout, stderr, code := runCLI(t, nil, "campaign", "status", "payments-silver", "--config", config, "--store", store, "--in", in, "--today", "2027-02-20")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "3 done, 0 to do, 1 exempted") || !strings.Contains(stdout, "2027-02-15 2/4 · 2027-02-18 3/4") {
		t.Errorf("stdout:\n%s", stdout)
	}

	// score report with the same config and store shows the campaign.
	stdout, stderr, code = runCLI(t, nil, "report", "--in", in, "--format", "markdown", "--config", config, "--store", store, "--today", "2027-02-20")
	if code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "### Payments services at silver (`payments-silver`)") ||
		!strings.Contains(stdout, "Burn-up (done per scan): 2026-12-05 0/3 → 2027-01-10 1/3 → 2027-02-15 2/4 → 2027-02-18 3/4") {
		t.Errorf("report:\n%s", stdout)
	}
}

// TestCIMergeRequestNoteNamesCampaign: the note of a repository that is
// behind on a campaign says so in one line, its days counted from the
// config's today.
func TestCIMergeRequestNoteNamesCampaign(t *testing.T) {
	t.Parallel()
	s := newMRSetup(t, 11)
	config := filepath.Join(t.TempDir(), "score.yaml")
	if err := os.WriteFile(config, []byte("config:\n  today: \"2027-01-01\"\ncampaigns:\n  - id: gold\n    title: Everything at gold\n    target: {level: gold}\n    scope: {repos: [acme/**]}\n    starts: 2026-12-01\n    due: 2027-01-31\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := s.run(t, "--config", config)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notes := s.gl.Notes("acme/payments", 11)
	if len(notes) != 1 {
		t.Fatalf("%d notes", len(notes))
	}
	line := regexp.MustCompile("(?m)^\\*\\*Campaign:\\*\\* Everything at gold still needs `[^\n]+` here · due 2027-01-31, 30 days left$")
	if !line.MatchString(notes[0].Body) {
		t.Errorf("note lacks the campaign line:\n%s", notes[0].Body)
	}
}
