package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Issue 15 item 8: every outcome carries a reason, and a passing check
// with an evidence rule says what it rests on, in JSON and --explain.
func TestCheckExplainsEveryOutcome(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		"go.mod":         "module x\n\ngo 1.22\n",
		"main.go":        "package main\n\nimport \"log/slog\"\n\nfunc main() { slog.Info(\"x\") }\n",
		"main_test.go":   "package main\n",
		".gitlab-ci.yml": "test:\n  script:\n    - go test ./...\n",
	})
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Repos []struct {
			Checks []struct {
				ID       string `json:"id"`
				Outcome  string `json:"outcome"`
				Reason   string `json:"reason"`
				Evidence []struct {
					Message string `json:"message"`
					Path    string `json:"path"`
					Line    int    `json:"line"`
				} `json:"evidence"`
			} `json:"checks"`
		} `json:"repos"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range doc.Repos[0].Checks {
		seen[c.Outcome] = true
		if !strings.HasPrefix(c.Reason, map[string]string{"pass": "passes", "fail": "fails", "skip": "skipped", "error": "error", "exempt": "exempt"}[c.Outcome]) {
			t.Errorf("%s (%s): reason %q", c.ID, c.Outcome, c.Reason)
		}
		if c.ID == "test.ci-runs-tests" && (len(c.Evidence) != 1 || c.Evidence[0].Path != ".gitlab-ci.yml" || c.Evidence[0].Line != 3) {
			t.Errorf("ci-runs-tests evidence %+v, want the go test line .gitlab-ci.yml:3", c.Evidence)
		}
	}
	if !seen["pass"] || !seen["fail"] || !seen["skip"] {
		t.Errorf("the fixture should have pass, fail and skip outcomes: %v", seen)
	}

	out, stderr, code := runCLI(t, nil, "check", dir, "--explain", "observability.structured-logging")
	if code != ExitOK || !strings.Contains(out, "outcome: pass") || !strings.Contains(out, "main.go:3  the Go code imports log/slog") {
		t.Errorf("exit %d:\n%s%s", code, out, stderr)
	}
	if _, stderr, code := runCLI(t, nil, "check", dir, "--explain", "no.such-check"); code != ExitUsage || !strings.Contains(stderr, "no.such-check") {
		t.Errorf("unknown id: exit %d: %s", code, stderr)
	}
}
