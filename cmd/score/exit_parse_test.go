package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseErrorExitCodes: every command exits 2 for input it cannot
// parse (a platform config that is not YAML, a policy that is not Rego, a
// scan result that is not JSON), naming the file; a repository's own
// .score.yaml that is not YAML is the repository's problem, a warning at
// its line in every command, never a failed run (issue 15 item 10).
func TestParseErrorExitCodes(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{
		"bad-config.yaml":          "policies: [\n",
		"bad-rego/x.rego":          "package score.checks.x\n\nviolation contains x if {\n",
		"bad-scan.json":            `{"schema": "score.scan/v1", "repos": [`,
		"repos/svc/README.md":      "# svc\n",
		"dotscore/svc/README.md":   "# svc\n",
		"dotscore/svc/.score.yaml": "team: [\n",
	})
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	cache := filepath.Join(dir, "cache")
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	svc, dotsvc := p("repos/svc"), p("dotscore/svc")

	commands := []struct {
		name string
		args func(repo string) []string
	}{
		{"check", func(repo string) []string { return []string{"check", repo, "--no-compare"} }},
		{"ci", func(repo string) []string { return []string{"ci", repo, "--no-default-artifacts"} }},
		{"scan", func(repo string) []string {
			return []string{"scan", "--dir", filepath.Dir(repo), "--out", filepath.Join(out, "scan.json"), "--no-store"}
		}},
		{"fix", func(repo string) []string { return []string{"fix", repo} }},
		{"policy list", func(string) []string { return []string{"policy", "list"} }},
		{"policy docs", func(string) []string { return []string{"policy", "docs"} }},
		{"policy test", func(string) []string { return []string{"policy", "test"} }},
	}
	for _, c := range commands {
		for _, in := range []struct {
			name string
			args []string
			file string
		}{
			{"config not YAML", []string{"--config", p("bad-config.yaml")}, "bad-config.yaml:"},
			{"policy not Rego", []string{"--policy", p("bad-rego")}, "x.rego:"},
		} {
			t.Run(c.name+"/"+in.name, func(t *testing.T) {
				t.Parallel()
				args := append(c.args(svc), in.args...)
				_, stderr, code := runCLI(t, nil, append(args, "--cache-dir", cache)...)
				if code != ExitUsage || !strings.Contains(stderr, in.file) {
					t.Errorf("%v: exit %d, want %d naming %s\n%s", args, code, ExitUsage, in.file, stderr)
				}
			})
		}
	}
	t.Run("policy test DIR/policy not Rego", func(t *testing.T) {
		t.Parallel()
		_, stderr, code := runCLI(t, nil, "policy", "test", p("bad-rego"), "--cache-dir", cache)
		if code != ExitUsage || !strings.Contains(stderr, "x.rego:") {
			t.Errorf("exit %d, want %d naming x.rego\n%s", code, ExitUsage, stderr)
		}
	})
	for _, args := range [][]string{
		{"report", "--in", p("bad-scan.json")},
		{"diff", p("bad-scan.json"), p("bad-scan.json")},
		{"merge", p("bad-scan.json"), "--out", filepath.Join(out, "merged.json")},
	} {
		t.Run(args[0]+"/scan not JSON", func(t *testing.T) {
			t.Parallel()
			_, stderr, code := runCLI(t, nil, args...)
			if code != ExitUsage || !strings.Contains(stderr, "bad-scan.json") {
				t.Errorf("%v: exit %d, want %d naming bad-scan.json\n%s", args, code, ExitUsage, stderr)
			}
		})
	}
	for _, c := range append(commands[:4], struct {
		name string
		args func(repo string) []string
	}{"facts", func(repo string) []string { return []string{"facts", repo} }}) {
		t.Run(c.name+"/.score.yaml not YAML", func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := runCLI(t, nil, append(c.args(dotsvc), "--cache-dir", cache)...)
			if code != ExitOK {
				t.Fatalf("exit %d, want %d\n%s%s", code, ExitOK, stdout, stderr)
			}
			if c.name == "scan" {
				stdout = string(readFile(t, filepath.Join(out, "scan.json")))
			}
			// fix says nothing of the repository's warnings: it changes
			// files, and check is where they are read.
			if c.name != "fix" && !strings.Contains(stdout+stderr, ".score.yaml:1: malformed YAML") && !strings.Contains(stdout+stderr, `"path": ".score.yaml"`) {
				t.Errorf("no warning at .score.yaml:1\n%s%s", stdout, stderr)
			}
		})
	}
}
