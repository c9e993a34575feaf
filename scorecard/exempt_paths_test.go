package scorecard

import (
	"strings"
	"testing"
	"time"
)

func TestPathMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		glob, name string
		want       bool
	}{
		{"deploy/**", "deploy/a.yaml", true},
		{"deploy/**", "deploy/k8s/a.yaml", true},
		{"deploy/**", "deployx/a.yaml", false},
		{"**/*.test.yaml", "a/b/c.test.yaml", true},
		{"**/*.test.yaml", "c.test.yaml", true},
		{"legacy/*", "legacy/a/b", false},
		{"Dockerfile", "Dockerfile", true},
		{"[", "[", false},
	} {
		if got := PathMatch(tc.glob, tc.name); got != tc.want {
			t.Errorf("PathMatch(%q, %q) = %v, want %v", tc.glob, tc.name, got, tc.want)
		}
	}
}

// TestScopedExemption: an exemption with paths exempts the check only when
// it covers every finding; otherwise the check fails with the rest.
func TestScopedExemption(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	check := CheckInput{ID: "s.x", Level: Silver, Weight: 2, Category: "security", Outcome: Fail, Findings: []Finding{
		{Message: "root", Path: "legacy/Dockerfile", Line: 1},
		{Message: "root", Path: "deploy/app.yaml", Line: 3},
	}}
	ex := func(paths ...string) ExemptionInput {
		return ExemptionInput{Check: "s.x", Reason: "r", Expires: "2099-01-01", Path: ".score.yaml", Line: 2, Paths: paths}
	}
	for _, tc := range []struct {
		name     string
		paths    []string
		outcome  Outcome
		findings int
		warn     string
	}{
		{"covers all", []string{"legacy/**", "deploy/*"}, Exempt, 2, ""},
		{"covers some", []string{"legacy/**"}, Fail, 1, "covers 1 of its findings"},
		{"covers none", []string{"other/**"}, Fail, 2, "none of its 2 findings is under"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(RepoMeta{Name: "r"}, []CheckInput{check}, []ExemptionInput{ex(tc.paths...)}, now)
			c := r.Checks[0]
			if c.Outcome != tc.outcome || len(c.Findings) != tc.findings {
				t.Errorf("outcome %s with %d findings, want %s with %d", c.Outcome, len(c.Findings), tc.outcome, tc.findings)
			}
			if tc.outcome == Exempt && (c.Exemption == nil || len(c.Exemption.Paths) != 2) {
				t.Errorf("exemption %+v, want it recorded with its paths", c.Exemption)
			}
			if tc.outcome == Fail && c.Findings[0].Path == "legacy/Dockerfile" && tc.name == "covers some" {
				t.Errorf("the covered finding is still listed: %+v", c.Findings)
			}
			var msgs []string
			for _, w := range r.Warnings {
				msgs = append(msgs, w.Message)
			}
			if got := strings.Join(msgs, "\n"); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want one saying %q", got, tc.warn)
			}
		})
	}
}
