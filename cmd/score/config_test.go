package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigErrorsNameFileAndLine(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ yaml, want string }{
		"unknown key":  {"policies: []\ndisabel: [x]\n", "score.yaml:2: "},
		"bad yaml":     {"teams:\n  - match: [a\n", "score.yaml:"},
		"bad enforce":  {"enforce: platinum\n", "enforce: \"platinum\""},
		"no check id":  {"exemptions:\n  - reason: r\n    expires: 2030-01-01\n", "score.yaml:2: exemption without check"},
		"wrong type":   {"disable: yes-please\n", "score.yaml:1: "},
		"team no name": {"teams:\n  - match: acme/**\n", "teams entries need both match and team"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeRepo(t, map[string]string{"score.yaml": tc.yaml, "README.md": "x\n"})
			_, stderr, code := runCLI(t, nil, "check", dir, "--config", filepath.Join(dir, "score.yaml"))
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d: %s", code, ExitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("error does not say %q:\n%s", tc.want, stderr)
			}
		})
	}
}

func TestConfigAppliesPoliciesDisableExemptionsAndEnforce(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		"README.md": strings.Repeat("A service that does one thing well. ", 12) + "\n",
		"our-policies/readme_title.rego": `# METADATA
# title: The README starts with a title
# description: A heading first.
# custom:
#   id: ownership.readme-title
#   category: ownership
#   level: bronze
#   weight: 1
#   remediation: Start the README with a heading.
package score.checks.ownership.readme_title

violation contains {"msg": "the README does not start with a title", "path": input.files.readme.path} if {
	input.files.readme.chars < 0
}
`,
		"score.yaml": `policies: [our-policies]
disable: [security.sast]
exemptions:
  - repo: "*"
    check: build.ci-pipeline
    reason: the platform builds this from a central pipeline
    expires: 2999-01-01
enforce: gold
`,
	})
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--config", filepath.Join(dir, "score.yaml"), "--format", "json")
	if code != ExitBelowLevel {
		t.Errorf("enforce: gold from the config: exit %d, want %d (%s)", code, ExitBelowLevel, stderr)
	}
	for _, want := range []string{`"id": "ownership.readme-title"`, `"outcome": "exempt"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(stdout, `"id": "security.sast"`) {
		t.Error("disabled check security.sast is still evaluated")
	}
	if !strings.Contains(stderr, "enforced level gold") {
		t.Errorf("stderr does not name the config's level: %s", stderr)
	}
	// The environment wins over the config file, and a flag over both.
	_, stderr, _ = runCLI(t, map[string]string{"SCORE_ENFORCE": "silver"}, "check", dir, "--config", filepath.Join(dir, "score.yaml"))
	if !strings.Contains(stderr, "enforced level silver") {
		t.Errorf("SCORE_ENFORCE=silver did not override the config: %s", stderr)
	}
	_, stderr, _ = runCLI(t, map[string]string{"SCORE_ENFORCE": "silver"}, "check", dir, "--config", filepath.Join(dir, "score.yaml"), "--enforce", "bronze")
	if !strings.Contains(stderr, "enforced level bronze") {
		t.Errorf("--enforce bronze did not override the environment: %s", stderr)
	}
}

func TestConfigSharedPipelineProvidesChecks(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		".gitlab-ci.yml": "include:\n  - project: platform/ci-templates\n    ref: v3.2.0\n    file: /templates/go-service.gitlab-ci.yml\n",
		"go.mod":         "module example.com/svc\n\ngo 1.22\n",
		"main.go":        "package main\n\nfunc main() {}\n",
		"score.yaml": `config:
  ci_templates:
    - include: "platform/ci-templates:/templates/go-*.gitlab-ci.yml"
      provides: [test.ci-runs-tests, security.sast]
`,
	})
	outcome := func(args ...string) map[string]string {
		stdout, stderr, code := runCLI(t, nil, append([]string{"check", dir, "--format", "json", "--no-compare"}, args...)...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var doc struct {
			Repos []struct {
				Checks []struct{ ID, Outcome string }
			}
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, c := range doc.Repos[0].Checks {
			m[c.ID] = c.Outcome
		}
		return m
	}
	without := outcome()
	with := outcome("--config", filepath.Join(dir, "score.yaml"))
	for _, id := range []string{"test.ci-runs-tests", "security.sast"} {
		if without[id] != "fail" || with[id] != "pass" {
			t.Errorf("%s: %s without the config, %s with it; want fail then pass", id, without[id], with[id])
		}
	}
	if with["test.coverage"] != "fail" {
		t.Errorf("test.coverage is not provided by the template but is %s", with["test.coverage"])
	}
}
