package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCheckScopedExemptions: a `paths:` exemption covers only the findings
// under its globs, and an exemption with an unknown key (path: for paths:)
// does not apply at all.
func TestCheckScopedExemptions(t *testing.T) {
	t.Parallel()
	const root = "FROM debian:12.6-slim\nENTRYPOINT [\"/app\"]\n"
	cases := []struct {
		name, exemption, outcome string
		findings                 int
		warn                     string
	}{
		{"covers every finding", "    paths: [legacy/**, Dockerfile]\n", "exempt", 2, ""},
		{"covers one of two", "    paths: legacy/**\n", "fail", 1, "covers 1 of its findings"},
		{"misspelt key refused", "    path: legacy/**\n", "fail", 2, `unknown key "path"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeRepo(t, map[string]string{
				"README.md":         "x\n",
				"Dockerfile":        root,
				"legacy/Dockerfile": root,
				".score.yaml":       "exemptions:\n  - check: security.container-non-root\n    reason: legacy images until Q3\n    expires: \"2099-01-01\"\n" + tc.exemption,
			})
			stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json")
			if code != ExitOK && code != ExitError {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var scan struct {
				Repos []struct {
					Checks []struct {
						ID       string            `json:"id"`
						Outcome  string            `json:"outcome"`
						Findings []json.RawMessage `json:"findings"`
					} `json:"checks"`
					Warnings []struct {
						Message string `json:"message"`
					} `json:"warnings"`
				} `json:"repos"`
			}
			if err := json.Unmarshal([]byte(stdout), &scan); err != nil || len(scan.Repos) != 1 {
				t.Fatalf("%v\n%s", err, stdout)
			}
			r := scan.Repos[0]
			for _, c := range r.Checks {
				if c.ID == "security.container-non-root" && (c.Outcome != tc.outcome || len(c.Findings) != tc.findings) {
					t.Errorf("%s with %d findings, want %s with %d", c.Outcome, len(c.Findings), tc.outcome, tc.findings)
				}
			}
			var msgs []string
			for _, w := range r.Warnings {
				msgs = append(msgs, w.Message)
			}
			if tc.warn != "" && !strings.Contains(strings.Join(msgs, "\n"), tc.warn) {
				t.Errorf("warnings %q, want one saying %q", msgs, tc.warn)
			}
		})
	}
}
