package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
)

// A folder's own tests run alone; --all adds the defaults'; no folder runs
// the defaults (issue 15 item 10).
func TestPolicyTestRunsOnlyTheFoldersTests(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{"own_test.rego": `package score.checks.build.ci_pipeline_own_test

import data.score.checks.build.ci_pipeline

test_no_ci_fails if {
	count(ci_pipeline.violation) == 1 with input as {"ci": {"configs": []}}
}
`})
	cache := t.TempDir()
	out, errOut, code := runCLI(t, nil, "policy", "test", "--cache-dir", cache, dir)
	if code != ExitOK || !strings.Contains(out, "PASS: 1/1") {
		t.Fatalf("policy test DIR: exit %d, want PASS: 1/1\n%s%s", code, out, errOut)
	}
	all, _, code := runCLI(t, nil, "policy", "test", "--cache-dir", cache, "--all", dir)
	defaults, _, code2 := runCLI(t, nil, "policy", "test", "--cache-dir", cache)
	if code != ExitOK || code2 != ExitOK {
		t.Fatalf("exit %d and %d", code, code2)
	}
	nAll, nDefaults := passCount(t, all), passCount(t, defaults)
	if nDefaults < 100 || nAll != nDefaults+1 {
		t.Errorf("--all ran %d tests, the defaults alone %d: want the defaults' plus the folder's one", nAll, nDefaults)
	}
}

// passCount reads n from OPA's "PASS: n/n" summary line.
func passCount(t *testing.T, out string) int {
	t.Helper()
	i := strings.LastIndex(out, "PASS: ")
	if i < 0 {
		t.Fatalf("no PASS line in\n%s", out)
	}
	var n, m int
	if _, err := fmt.Sscanf(out[i:], "PASS: %d/%d", &n, &m); err != nil {
		t.Fatal(err)
	}
	return n
}

// An override changes a default check's level and weight, is part of the
// policy digest (so an incremental scan rescans), and a bad one is a usage
// error at its file and line (issue 15 item 10).
func TestConfigOverrides(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/alpha", gittest.NewRepo(t, serviceFiles))
	dir := t.TempDir()
	scan := scanWithConfig(t, dir, url)
	check := func(s *scorecard.Scan, id string) scorecard.CheckResult {
		for _, c := range s.Repos[0].Checks {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no check %s", id)
		return scorecard.CheckResult{}
	}

	_, before := scan("enforce: bronze\n")
	if c := check(before, "observability.tracing"); c.Level != "gold" || c.Weight != 1 {
		t.Fatalf("observability.tracing is %s/%d before the override; the test expects gold/1", c.Level, c.Weight)
	}
	stderr, after := scan("enforce: bronze\noverrides:\n  observability.tracing: {level: silver, weight: 3}\n")
	if strings.Contains(stderr, "(unchanged)") {
		t.Errorf("an override did not change the reuse key: the stored result was reused\n%s", stderr)
	}
	if c := check(after, "observability.tracing"); c.Level != "silver" || c.Weight != 3 {
		t.Errorf("observability.tracing is %s/%d after the override, want silver/3", c.Level, c.Weight)
	}
	if before.Policy.Digest == after.Policy.Digest {
		t.Errorf("the policy digest did not change with an override: %s", after.Policy.Digest)
	}
	stderr, _ = scan("enforce: bronze\noverrides:\n  observability.tracing: {level: silver, weight: 3}\n")
	if !strings.Contains(stderr, "(unchanged)") {
		t.Errorf("the same override did not reuse the stored result:\n%s", stderr)
	}

	for _, tc := range []struct{ name, config, want string }{
		{"unknown id", "overrides:\n  build.no-such-check: {level: gold}\n", "score.yaml:2: overrides: unknown check id \"build.no-such-check\""},
		{"bad level", "overrides:\n  observability.tracing:\n    level: platinum\n", "score.yaml:3: overrides: observability.tracing: level \"platinum\" is not one of bronze, silver, gold"},
		{"bad weight", "overrides:\n  observability.tracing:\n    weight: -2\n", "score.yaml:3: overrides: observability.tracing: weight \"-2\" is not a positive integer"},
		{"unknown key", "overrides:\n  observability.tracing:\n    title: x\n", "score.yaml:3: overrides: observability.tracing: unknown key \"title\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "score.yaml")
			if err := os.WriteFile(p, []byte(tc.config), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := runCLI(t, nil, "policy", "list", "--config", p, "--cache-dir", filepath.Join(dir, "cache"))
			if code != ExitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, ExitUsage, tc.want, stderr)
			}
		})
	}
}

// boomPolicy is a check whose policy fails at run time (a built-in error).
const boomPolicy = `# METADATA
# title: Boom
# custom:
#   id: custom.boom
#   category: build
#   level: gold
#   weight: 1
#   remediation: Nothing.
package score.checks.custom.boom

violation contains {"msg": "x"} if {
	to_number("abc") > 1
}
`

// A policy that errors at run time is outcome error with its message,
// counted in every format's summary, and --strict makes check, ci and scan
// exit 1 (issue 15 item 10).
func TestErroredCheckIsVisible(t *testing.T) {
	t.Parallel()
	pol := writeRepo(t, map[string]string{"boom.rego": boomPolicy})
	repos := writeRepo(t, map[string]string{"svc/README.md": "# svc\n"})
	repo := filepath.Join(repos, "svc")
	cache := t.TempDir()
	run := func(args ...string) (string, string, int) {
		t.Helper()
		return runCLI(t, nil, append(args, "--policy", pol, "--cache-dir", cache)...)
	}

	table, stderr, code := run("check", repo, "--no-compare")
	if code != ExitOK || !strings.Contains(table, "1 check errored") || !strings.Contains(table, "to_number") {
		t.Errorf("table: exit %d, want 0 with \"1 check errored\" and the error\n%s%s", code, table, stderr)
	}
	md, _, _ := run("check", repo, "--no-compare", "--format", "markdown")
	if !strings.Contains(md, "**1 check errored** (`custom.boom`)") {
		t.Errorf("markdown has no errored count:\n%s", md)
	}
	js, _, _ := run("check", repo, "--no-compare", "--format", "json")
	var doc scorecard.Scan
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Repos[0]
	if r.CheckErrors != 1 {
		t.Errorf("json check_errors = %d, want 1", r.CheckErrors)
	}
	for _, c := range r.Checks {
		if c.ID == "custom.boom" && (c.Outcome != scorecard.Error || !strings.Contains(c.Error, "to_number")) {
			t.Errorf("custom.boom: outcome %s, error %q", c.Outcome, c.Error)
		}
	}
	junit, _, _ := run("check", repo, "--no-compare", "--format", "junit")
	if !strings.Contains(junit, `errors="1"`) {
		t.Errorf("junit does not count the error:\n%s", junit)
	}
	sarif, _, _ := run("check", repo, "--no-compare", "--format", "sarif")
	if !strings.Contains(sarif, `"toolExecutionNotifications"`) || !strings.Contains(sarif, "custom.boom: check could not be evaluated") {
		t.Errorf("sarif's invocation does not name the errored check:\n%s", sarif)
	}

	if _, stderr, code := run("check", repo, "--no-compare", "--strict"); code != ExitError || !strings.Contains(stderr, "--strict: 1 check could not be evaluated") {
		t.Errorf("check --strict: exit %d, want %d\n%s", code, ExitError, stderr)
	}
	if _, stderr, code := run("check", repo, "--no-compare", "--strict", "--enforce", "gold"); code != ExitError {
		t.Errorf("check --strict --enforce gold: exit %d, want %d (errored checks come first)\n%s", code, ExitError, stderr)
	}
	if _, stderr, code := run("ci", repo, "--no-default-artifacts", "--strict"); code != ExitError || !strings.Contains(stderr, "custom.boom") {
		t.Errorf("ci --strict: exit %d, want %d\n%s", code, ExitError, stderr)
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	sum, stderr, code := run("scan", "--dir", repos, "--out", out, "--no-store", "--progress", "lines")
	if code != ExitOK || !strings.Contains(sum, "1 check errored") {
		t.Errorf("scan: exit %d, want 0 and a summary counting the errored check\n%s%s", code, sum, stderr)
	}
	if _, stderr, code := run("scan", "--dir", repos, "--out", out, "--no-store", "--strict"); code != ExitError {
		t.Errorf("scan --strict: exit %d, want %d\n%s", code, ExitError, stderr)
	}
	report, _, _ := runCLI(t, nil, "report", "--in", out, "--format", "markdown")
	if !strings.Contains(report, "**1 check errored**") {
		t.Errorf("the organisation's Markdown report does not count the errored check:\n%s", report)
	}
}

// Unknown keys under config: (those no loaded policy reads) and unknown
// top-level keys are reported at once, each at its line, exit 2; keys a
// custom policy reads or declares in custom.config are known (issue 15
// item 10).
func TestUnknownConfigKeysReportedAtOnce(t *testing.T) {
	t.Parallel()
	pol := writeRepo(t, map[string]string{"team.rego": `# METADATA
# title: Team budget
# custom:
#   id: custom.budget
#   category: build
#   level: gold
#   weight: 1
#   remediation: Nothing.
#   config: [budget_dynamic]
package score.checks.custom.budget

violation contains {"msg": "over budget"} if {
	data.score.config.budget_limit < 0
	data.score.config[concat("_", ["budget", "dynamic"])]
}
`})
	dir := t.TempDir()
	cfg := filepath.Join(dir, "score.yaml")
	text := `policies: [` + pol + `]
config:
  min_readme_chars: 100
  min_readme_char: 100
  budget_limit: 3
  budget_dynamic: true
  budget_dynamik: true
teams_: []
enforce: bronze
`
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, nil, "policy", "list", "--config", cfg, "--cache-dir", t.TempDir())
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d\n%s", code, ExitUsage, stderr)
	}
	want := []string{
		"score.yaml:4: config: unknown key \"min_readme_char\"",
		"score.yaml:7: config: unknown key \"budget_dynamik\"",
		"score.yaml:8: field teams_ not found",
	}
	last := -1
	for _, w := range want {
		i := strings.Index(stderr, w)
		if i < 0 {
			t.Errorf("stderr does not report %q:\n%s", w, stderr)
			continue
		}
		if i < last {
			t.Errorf("%q is not in line order:\n%s", w, stderr)
		}
		last = i
	}
	for _, known := range []string{"\"min_readme_chars\"", "\"budget_limit\"", "\"budget_dynamic\""} {
		if strings.Contains(stderr, "unknown key "+known) {
			t.Errorf("%s is read by a loaded policy but reported unknown:\n%s", known, stderr)
		}
	}
}

// A policy that declares custom.files reads the parsed content of those
// files, and only those, through input.files.content; a file that does not
// parse is recorded with its error rather than failing the check (issue 15
// item 11; the policy is examples/policies/files).
func TestPolicyReadsDeclaredFiles(t *testing.T) {
	t.Parallel()
	repos := writeRepo(t, map[string]string{
		"svc/README.md":          "# svc\n",
		"svc/deploy/api.yaml":    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels: {app: api}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  labels: {team: payments}\n",
		"svc/deploy/broken.yaml": "kind: [\n",
		"svc/other/job.yaml":     "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: outside-the-globs\n",
	})
	pol := filepath.Join("..", "..", "examples", "policies", "files")
	js, stderr, code := runCLI(t, nil, "check", filepath.Join(repos, "svc"), "--no-compare", "--format", "json", "--policy", pol, "--cache-dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc scorecard.Scan
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	var c *scorecard.CheckResult
	for i := range doc.Repos[0].Checks {
		if doc.Repos[0].Checks[i].ID == "example.manifest-team-label" {
			c = &doc.Repos[0].Checks[i]
		}
	}
	if c == nil {
		t.Fatal("the example check did not run")
	}
	got := []string{}
	for _, f := range c.Findings {
		got = append(got, f.Path+": "+f.Message)
	}
	want := []string{
		"deploy/api.yaml: Deployment api has no team label",
		"deploy/broken.yaml: not read: malformed YAML at line 1: did not find expected node content",
	}
	if c.Outcome != scorecard.Fail || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outcome %s, findings:\n%s\nwant:\n%s", c.Outcome, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(c.Evidence) != 1 || c.Evidence[0].Message != "Service api: team payments" {
		t.Errorf("evidence %+v, want the labelled Service", c.Evidence)
	}
}

// scanWithConfig returns a function that scans url with the platform
// config text, storing into one history store under dir (so a rescan may
// reuse), and returns standard error and the scan result.
func scanWithConfig(t *testing.T, dir, url string) func(config string) (string, *scorecard.Scan) {
	store := filepath.Join(dir, "history.db")
	cfg := filepath.Join(dir, "score.yaml")
	return func(config string) (string, *scorecard.Scan) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "scan.json")
		_, stderr, code := runCLI(t, nil, "scan", "--config", cfg, "--repo", url, "--out", out, "--store", store, "--progress", "lines")
		if code != ExitOK {
			t.Fatalf("scan exit %d: %s", code, stderr)
		}
		return stderr, readScan(t, out)
	}
}
