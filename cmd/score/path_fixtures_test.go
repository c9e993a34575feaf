package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/scorecard"
)

// TestPathsOverFixtures scans every fixture repository with the
// three-path platform config of testdata/paths and checks that each lands
// on the path testdata/paths/expect.yaml derives for it, scored against
// that path's catalogue; off-path repositories keep the whole default
// catalogue.
func TestPathsOverFixtures(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "testdata")
	out := filepath.Join(t.TempDir(), "paths.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--dir", filepath.Join(root, "repos"), "--config", filepath.Join(root, "paths", "score.yaml"),
		"--no-store", "--progress", "none", "--out", out); code != ExitOK {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	scan := readScanResult(t, out)
	data, err := os.ReadFile(filepath.Join(root, "paths", "expect.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]string
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if len(scan.Paths) != 3 {
		t.Fatalf("scan paths = %+v, want the config's three", scan.Paths)
	}
	checks := map[string]int{}
	for _, p := range scan.Paths {
		checks[p.ID] = p.Checks
	}
	full := 0
	for _, r := range scan.Repos {
		if r.Path == scorecard.OffPath {
			full = len(r.Checks)
		}
	}
	rows := slices.Clone(scan.Repos)
	for _, u := range scorecard.Units(scan.Repos) {
		if slices.IndexFunc(scan.Repos, func(r scorecard.Repo) bool { return r.Name == u.Name }) < 0 {
			rows = append(rows, u) // a monorepo's component, as repo/component
		}
	}
	for _, r := range rows {
		if r.Error != "" {
			t.Errorf("%s: %s", r.Name, r.Error)
			continue
		}
		if want[r.Name] == "" {
			t.Errorf("%s: not in testdata/paths/expect.yaml", r.Name)
		}
		if r.Path != want[r.Name] {
			t.Errorf("%s: path %q (%s), want %q", r.Name, r.Path, r.PathReason, want[r.Name])
		}
		if r.PathReason == "" {
			t.Errorf("%s: no path reason", r.Name)
		}
		n, ok := checks[r.Path]
		if !ok {
			n = full
		}
		if len(r.Components) == 0 && len(r.Checks) != n { // a monorepo's row merges its components' checks
			t.Errorf("%s on %s: %d checks, want %d", r.Name, r.Path, len(r.Checks), n)
		}
		if r.Path == "node-service" && slices.ContainsFunc(r.Checks, func(c scorecard.CheckResult) bool { return c.Category == "deploy" }) {
			t.Errorf("%s: node-service leaves the deploy category out, yet it was checked", r.Name)
		}
	}
	if len(want) != len(rows) {
		t.Errorf("expect.yaml names %d fixtures and components, the scan has %d", len(want), len(rows))
	}
}
