package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/internal/pipeline"
	"github.com/scoredev/score/scanners"
	"github.com/scoredev/score/scorecards"
)

// TestScanReuseFollowsThePlatformConfig rescans an unchanged repository
// after each change to the platform config that changes its result: a
// stored result is reused only while the config is the one it was computed
// with.
func TestScanReuseFollowsThePlatformConfig(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/alpha", gittest.NewRepo(t, serviceFiles))
	dir := t.TempDir()
	store := filepath.Join(dir, "history.db")
	cfg := filepath.Join(dir, "score.yaml")
	const exemption = "exemptions:\n  - repo: \"*\"\n    check: security.container-non-root\n    reason: the base image has no user yet\n    expires: \"2099-12-31\"\n"
	scan := func(config string) (string, scorecards.Repo) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "scan.json")
		_, stderr, code := runCLI(t, nil, "scan", "--config", cfg, "--repo", url, "--out", out, "--store", store, "--progress", "lines")
		if code != ExitOK {
			t.Fatalf("scan exit %d: %s", code, stderr)
		}
		return stderr, readScan(t, out).Repos[0]
	}
	outcome := func(r scorecards.Repo, id string) scorecards.Outcome {
		for _, c := range r.Checks {
			if c.ID == id {
				return c.Outcome
			}
		}
		return ""
	}

	stderr, r := scan("teams:\n  - match: acme/**\n    team: payments\n" + exemption)
	if r.Team != "payments" || outcome(r, "security.container-non-root") != scorecards.Exempt {
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
	if strings.Contains(stderr, "(unchanged)") || outcome(r, "security.container-non-root") != scorecards.Fail {
		t.Errorf("after removing the org exemption: container-non-root %s, want fail (rescanned)\n%s", outcome(r, "security.container-non-root"), stderr)
	}
}

// TestScanReuseExpiryAndVersion stores a result with an exemption, then
// asks whether it may be reused: not once the exemption has expired (fake
// clock), nor by another version of score.
func TestScanReuseExpiryAndVersion(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/alpha", gittest.NewRepo(t, serviceFiles))
	dir := t.TempDir()
	storePath := filepath.Join(dir, "history.db")
	cfg := filepath.Join(dir, "score.yaml")
	config := "exemptions:\n  - repo: \"*\"\n    check: security.container-non-root\n    reason: the base image has no user yet\n    expires: \"2099-12-31\"\n"
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, nil, "scan", "--config", cfg, "--repo", url, "--out", filepath.Join(dir, "scan.json"), "--store", storePath); code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}

	ctx := context.Background()
	p, _, err := loadPipeline(ctx, &globalOptions{configPath: cfg, getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	store, err := scorecards.Open(storePath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ref, err := scanners.ParseRepoURL(url)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		today   string
		version string
		reuse   bool
	}{
		{"same version, exemption holds", "2099-12-31", toolVersion(), true},
		{"exemption expired since", "2100-01-01", toolVersion(), false},
		{"another score version", "2099-12-31", toolVersion() + "-next", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			today, _ := time.Parse(time.DateOnly, tc.today)
			pp := &pipeline.Pipeline{Engine: p.Engine, Teams: p.Teams, Exemptions: p.Exemptions,
				Now: func() time.Time { return today.Add(12 * time.Hour) }}
			sc := &scanner{pipeline: pp, store: store, version: tc.version}
			r := ref
			if _, reused := sc.unchanged(ctx, &r); reused != tc.reuse {
				t.Errorf("reused = %v, want %v", reused, tc.reuse)
			}
		})
	}
}
