package main

import (
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
)

// TestScanReuseFollowsThePlatformConfig rescans an unchanged repository
// after each change to the platform config that changes its result: a
// stored result is reused only while the config is the one it was computed
// with.
func TestScanReuseFollowsThePlatformConfig(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/alpha", gittest.NewRepo(t, serviceFiles))
	scanDoc := scanWithConfig(t, t.TempDir(), url)
	const exemption = "exemptions:\n  - repo: \"*\"\n    check: security.container-non-root\n    reason: the base image has no user yet\n    expires: \"2099-12-31\"\n"
	scan := func(config string) (string, scorecard.Repo) {
		t.Helper()
		stderr, doc := scanDoc(config)
		return stderr, doc.Repos[0]
	}
	outcome := func(r scorecard.Repo, id string) scorecard.Outcome {
		for _, c := range r.Checks {
			if c.ID == id {
				return c.Outcome
			}
		}
		return ""
	}

	stderr, r := scan("teams:\n  - match: acme/**\n    team: payments\n" + exemption)
	if r.Team != "payments" || outcome(r, "security.container-non-root") != scorecard.Exempt {
		t.Fatalf("first scan: team %q, container-non-root %s; want payments, exempt\n%s", r.Team, outcome(r, "security.container-non-root"), stderr)
	}
	stderr, _ = scan("teams:\n  - match: acme/**\n    team: payments\n" + exemption)
	if !strings.Contains(stderr, "(unchanged)") {
		t.Fatalf("the same config did not reuse the stored result:\n%s", stderr)
	}

	stderr, r = scan("teams:\n  - match: acme/**\n    team: billing\n" + exemption)
	if strings.Contains(stderr, "(unchanged)") || r.Team != "billing" {
		t.Errorf("after renaming the team mapping: team %q, want billing (rescanned)\n%s", r.Team, stderr)
	}

	stderr, r = scan("teams:\n  - match: acme/**\n    team: billing\n")
	if strings.Contains(stderr, "(unchanged)") || outcome(r, "security.container-non-root") != scorecard.Fail {
		t.Errorf("after removing the org exemption: container-non-root %s, want fail (rescanned)\n%s", outcome(r, "security.container-non-root"), stderr)
	}
}
