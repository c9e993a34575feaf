package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/facts"
)

// TestScanSurvivesCollectorPanic: a Go panic in a collector while one of
// several repositories is scanned becomes that repository's error row; the
// others are scored and the OUT file is complete; --debug-log keeps the
// panic's stack, for a bug report. Not parallel: the fault
// hook is process-wide (it only fires for the one repository anyway).
func TestScanSurvivesCollectorPanic(t *testing.T) {
	restore := collect.SetFaultHook(func(collector string, repo facts.RepoInfo) {
		if collector == "dockerfile" && strings.HasSuffix(repo.Name, "svc-02") {
			var m map[string]int
			m["boom"]++ // a real runtime panic: assignment to a nil map
		}
	})
	defer restore()
	root := t.TempDir()
	for i := range 5 {
		dir := filepath.Join(root, fmt.Sprintf("svc-%02d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"README.md": "# svc\n", "Dockerfile": "FROM golang:1.22\n"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	debugLog := filepath.Join(t.TempDir(), "debug.log")
	stdout, stderr, code := runCLI(t, nil, "scan", "--dir", root, "--out", out, "--no-store", "--concurrency", "3", "--progress", "lines", "--debug-log", debugLog)
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	stack, err := os.ReadFile(debugLog)
	if err != nil {
		t.Fatalf("--debug-log: %v", err)
	}
	for _, want := range []string{"svc-02: collect dockerfile: internal error: assignment to entry in nil map", "hostile_scan_test.go:"} {
		if !strings.Contains(string(stack), want) {
			t.Errorf("--debug-log file lacks %q:\n%s", want, stack)
		}
	}
	if strings.Count(string(stack), "internal error") != 1 {
		t.Errorf("--debug-log file holds %d records, want 1", strings.Count(string(stack), "internal error"))
	}
	if fi, err := os.Stat(debugLog); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("--debug-log file mode %v, want 0600", fi.Mode().Perm())
	}
	scan := readScan(t, out)
	if len(scan.Repos) != 5 {
		t.Fatalf("%d rows, want 5", len(scan.Repos))
	}
	for _, r := range scan.Repos {
		if strings.HasSuffix(r.Name, "svc-02") {
			if !strings.Contains(r.Error, "collect dockerfile: internal error: assignment to entry in nil map (please report)") {
				t.Errorf("%s error = %q, want the collector's internal error", r.Name, r.Error)
			}
			continue
		}
		if r.Error != "" || len(r.Checks) == 0 {
			t.Errorf("%s: error %q, %d checks; want scored", r.Name, r.Error, len(r.Checks))
		}
	}
}

// TestGuardPanicExitsOne: a panic escaping a command is reported as an
// internal error with exit 1, never the usage code 2.
func TestGuardPanicExitsOne(t *testing.T) {
	t.Parallel()
	var errb strings.Builder
	code := guard(&errb, func() int {
		var p *facts.Facts
		return len(p.Warnings) // nil dereference
	})
	if code != ExitError || !strings.HasPrefix(errb.String(), "score: internal error: runtime error: invalid memory address") || !strings.Contains(errb.String(), "(please report)") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestScanTimeoutCoversCollection: --timeout bounds the whole repository,
// collection and evaluation included, not just the clone of a URL.
func TestScanTimeoutCoversCollection(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "svc")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# svc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	stdout, stderr, code := runCLI(t, nil, "scan", "--dir", root, "--out", out, "--no-store", "--timeout", "1ns", "--progress", "lines")
	if code != ExitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	scan := readScan(t, out)
	if len(scan.Repos) != 1 || !strings.Contains(scan.Repos[0].Error, "took longer than --timeout 1ns") {
		t.Fatalf("rows = %+v, want one timed-out row", scan.Repos)
	}
}

// TestReportRefusesUnknownOutcome: report validates the scan file it reads
// and exits 2 naming the file and the JSON path.
func TestReportRefusesUnknownOutcome(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "svc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "svc", "README.md"), []byte("# svc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "scan.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--dir", root, "--out", out, "--no-store", "--progress", "none"); code != ExitOK {
		t.Fatalf("scan exit %d: %s", code, stderr)
	}
	data := string(readFile(t, out))
	if !strings.Contains(data, `"outcome": "`) {
		t.Fatalf("no outcome in scan:\n%s", data)
	}
	i := strings.Index(data, `"outcome": "`) + len(`"outcome": "`)
	j := i + strings.Index(data[i:], `"`)
	if err := os.WriteFile(out, []byte(data[:i]+"weird"+data[j:]), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, nil, "report", "--in", out)
	if code != ExitUsage || !strings.Contains(stderr, out+": repos[0].checks[0].outcome: unknown outcome \"weird\"") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestCheckCollectorPanicExitsOne: in check, a collector panic is an
// internal error with exit 1, never the usage code 2 the runtime would use.
// Not parallel: the fault hook is process-wide.
func TestCheckCollectorPanicExitsOne(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# svc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	restore := collect.SetFaultHook(func(collector string, repo facts.RepoInfo) {
		if collector == "ownership" && repo.Name == filepath.Base(dir) {
			panic("injected")
		}
	})
	defer restore()
	_, stderr, code := runCLI(t, nil, "check", dir, "--no-compare")
	if code != ExitError || !strings.Contains(stderr, "collect ownership: internal error: injected (please report)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
