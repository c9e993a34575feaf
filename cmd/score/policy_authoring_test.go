package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePolicyDir writes files (name → content) into a new folder.
func writePolicyDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A folder's own tests run alone; --all adds the defaults'; no folder runs
// the defaults (issue 15 item 10).
func TestPolicyTestRunsOnlyTheFoldersTests(t *testing.T) {
	t.Parallel()
	dir := writePolicyDir(t, map[string]string{"own_test.rego": `package score.checks.build.ci_pipeline_own_test

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
