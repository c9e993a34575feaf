package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRepo lays out files under a fresh temporary folder.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckMalformedFilesWarnNeverFail(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		"README.md":      "# svc\n",
		"Dockerfile":     "FROM golang:1.22\nRUN go build ./...\nFROM\n",
		".gitlab-ci.yml": "stages: [test\ntest:\n  script: go test ./...\n",
		".score.yaml":    "team: payments\nexemptions:\n  - check: [oops\n",
		"logo.png":       "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
		"big.yaml":       strings.Repeat("a: b\n", 300000),
	})
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.yaml")); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0: %s", code, stderr)
	}
	for _, want := range []string{"warning: Dockerfile:3", "warning: .gitlab-ci.yml:", "warning: .score.yaml:", "passwd.yaml", "outside the repository"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stdout+stderr, "root:x:0:0") {
		t.Error("read a file through a symlink that leaves the repository")
	}
}

func TestCheckEnforce(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(fixturesDir, "bare-minimum")
	if _, _, code := runCLI(t, nil, "check", dir); code != ExitOK {
		t.Errorf("advisory check exit %d, want 0", code)
	}
	_, stderr, code := runCLI(t, nil, "check", dir, "--enforce", "silver")
	if code != ExitBelowLevel {
		t.Errorf("--enforce silver on a repo below silver: exit %d, want %d", code, ExitBelowLevel)
	}
	if !strings.Contains(stderr, "below the enforced level silver") {
		t.Errorf("stderr does not say why: %s", stderr)
	}
	if _, _, code := runCLI(t, map[string]string{"SCORE_ENFORCE": "bronze"}, "check", dir); code != ExitBelowLevel {
		t.Errorf("SCORE_ENFORCE=bronze: exit %d, want %d", code, ExitBelowLevel)
	}
	if _, _, code := runCLI(t, nil, "check", dir, "--enforce", "platinum"); code != ExitUsage {
		t.Errorf("--enforce platinum: exit %d, want %d", code, ExitUsage)
	}
}

func TestCheckExemptionWarnings(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		"Dockerfile": "FROM python:3.12.4-slim\nCMD [\"python\"]\n",
		".score.yaml": `team: payments
exemptions:
  - check: security.container-non-root
    reason: legacy image binds port 80
    expires: 2999-03-31
  - check: build.base-image-digest
    reason: moving to digests next quarter
    expires: 2020-01-31
  - check: ownership.readme
    expires: 2999-01-01
`,
	})
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"outcome": "exempt"`) {
		t.Errorf("valid exemption did not apply:\n%s", stdout)
	}
	for _, want := range []string{".score.yaml:6", "expired", ".score.yaml:9", "reason"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestPolicyErrorsNameFileAndLine(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		rego string
		want string
	}{
		"syntax": {"package score.checks.x.y\n\nviolation contains msg if {\n  msg := \n}\n", "bad.rego:"},
		"http.send": {`# METADATA
# title: t
# description: d
# custom:
#   id: x.y
#   category: x
#   level: bronze
#   weight: 1
#   remediation: Fix.
package score.checks.x.y

violation contains "m" if {
	http.send({"method": "GET", "url": "http://127.0.0.1"})
}
`, "bad.rego:13"},
		"no id": {`# METADATA
# title: t
# custom:
#   category: x
#   level: bronze
#   weight: 1
#   remediation: Fix.
package score.checks.x.y

violation contains "m" if { false }
`, "bad.rego:"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeRepo(t, map[string]string{"bad.rego": tc.rego})
			_, stderr, code := runCLI(t, nil, "policy", "list", "--policy", dir)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d: %s", code, ExitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("error does not name %q:\n%s", tc.want, stderr)
			}
		})
	}
}

func writeFileIn(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckBadPath: a PATH that is missing or a file is a usage error that
// says which (a missing folder was "not a folder").
func TestCheckBadPath(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct{ args, want []string }{
		{[]string{"check", missing}, []string{missing + ": no such file or directory"}},
		{[]string{"facts", missing}, []string{missing + ": no such file or directory"}},
		{[]string{"check", file}, []string{file + " is not a folder"}},
		{[]string{"facts", file}, []string{file + " is not a folder"}},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, nil, tt.args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, ExitUsage)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.args, stderr, w)
			}
		}
	}
}

func TestUsageMistakesExitTwo(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"nosuch"}, {"diff"}, {"check", "--nope"}, {"check", "a", "b"}, {"policy", "frob"},
		{"check", "--format", "yaml"}, {"report"},
	} {
		if _, stderr, code := runCLI(t, nil, args...); code != ExitUsage {
			t.Errorf("score %v: exit %d, want %d (%s)", args, code, ExitUsage, stderr)
		}
	}
	for _, args := range [][]string{{}, {"policy"}, {"help", "check"}, {"version"}} {
		if _, stderr, code := runCLI(t, nil, args...); code != ExitOK {
			t.Errorf("score %v: exit %d, want 0 (%s)", args, code, stderr)
		}
	}
}

func TestEmptyPolicyFolderIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, stderr, code := runCLI(t, nil, "policy", "list", "--policy", dir)
	if code != ExitUsage || !strings.Contains(stderr, "no .rego files") {
		t.Errorf("exit %d, want %d naming the empty folder: %s", code, ExitUsage, stderr)
	}
}
