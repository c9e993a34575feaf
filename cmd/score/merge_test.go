package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

// TestMergeShardsEqualsUnsharded scans the fixture repositories once whole
// and once as four shards, and checks that the shards partition the set and
// that merging them gives the unsharded result, timestamps aside.
func TestMergeShardsEqualsUnsharded(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "repos")
	tmp := t.TempDir()
	scan := func(out string, extra ...string) *scorecard.Scan {
		t.Helper()
		args := append([]string{"scan", "--dir", dir, "--no-store", "--progress", "none", "--out", out}, extra...)
		if _, stderr, code := runCLI(t, nil, args...); code != ExitOK {
			t.Fatalf("score %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		return readScanResult(t, out)
	}

	whole := scan(filepath.Join(tmp, "whole.json"))
	if len(whole.Repos) < 8 {
		t.Fatalf("unsharded scan has %d repositories; the fixtures should give more", len(whole.Repos))
	}
	var shards []string
	seen := map[string]int{}
	for i := 1; i <= 4; i++ {
		out := filepath.Join(tmp, fmt.Sprintf("shard-%d.json", i))
		shards = append(shards, out)
		for _, r := range scan(out, "--shard", fmt.Sprintf("%d/4", i)).Repos {
			if prev, ok := seen[r.Name]; ok {
				t.Errorf("%s is in shard %d and shard %d", r.Name, prev, i)
			}
			seen[r.Name] = i
		}
	}
	for _, r := range whole.Repos {
		if _, ok := seen[r.Name]; !ok {
			t.Errorf("%s is in no shard", r.Name)
		}
	}
	if len(seen) != len(whole.Repos) {
		t.Errorf("shards hold %d repositories, the unsharded scan %d", len(seen), len(whole.Repos))
	}

	merged := filepath.Join(tmp, "merged.json")
	stdout, stderr, code := runCLI(t, nil, append([]string{"merge", "--out", merged}, shards...)...)
	if code != ExitOK {
		t.Fatalf("score merge: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, fmt.Sprintf("scanned %d repositories", len(whole.Repos))) {
		t.Errorf("merge summary = %q", stdout)
	}
	got := readScanResult(t, merged)
	if !got.StartedAt.Before(got.FinishedAt) {
		t.Errorf("merged started_at %s is not before finished_at %s", got.StartedAt, got.FinishedAt)
	}
	if a, b := withoutTimestamps(t, got), withoutTimestamps(t, whole); !bytes.Equal(a, b) {
		t.Errorf("merged shards differ from the unsharded scan:\n--- merged\n%s\n--- unsharded\n%s", a, b)
	}
}

func TestMergeErrors(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	write := func(name string, s *scorecard.Scan) string {
		t.Helper()
		p := filepath.Join(tmp, name)
		var b bytes.Buffer
		if err := scorecard.WriteJSON(&b, s); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	shard := func(digest string, names ...string) *scorecard.Scan {
		s := &scorecard.Scan{Schema: scorecard.Schema, Policy: scorecard.Policy{Digest: digest}, StartedAt: at, FinishedAt: at}
		for _, n := range names {
			s.Repos = append(s.Repos, scorecard.Repo{Name: n, Team: "payments", Level: "none"})
		}
		scorecard.Finalize(s)
		return s
	}
	a := write("a.json", shard("sha256:aa", "svc-1", "svc-2"))
	b := write("b.json", shard("sha256:aa", "svc-3"))
	other := write("other.json", shard("sha256:bb", "svc-4"))
	dup := write("dup.json", shard("sha256:aa", "svc-2"))
	notScan := filepath.Join(tmp, "not-scan.json")
	if err := os.WriteFile(notScan, []byte(`{"schema": "something/v9"}`), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"different policies", []string{a, other}, []string{other, "policy digest sha256:bb differs from sha256:aa in " + a}},
		{"duplicate repository", []string{a, b, dup}, []string{dup, `"svc-2" is also in ` + a}},
		{"not a scan result", []string{a, notScan}, []string{notScan, "something/v9"}},
		{"missing file", []string{a, filepath.Join(tmp, "absent.json")}, []string{"absent.json"}},
		{"every problem at once", []string{a, other, dup}, []string{other, dup}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged.json")
			_, stderr, code := runCLI(t, nil, append([]string{"merge", "--out", out}, tt.files...)...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d\n%s", code, ExitUsage, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, stderr)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written despite the error", out)
			}
		})
	}

	t.Run("joins and rolls up", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "merged.json")
		if _, stderr, code := runCLI(t, nil, "merge", "--out", out, b, a); code != ExitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		got := readScanResult(t, out)
		var names []string
		for _, r := range got.Repos {
			names = append(names, r.Name)
		}
		if strings.Join(names, ",") != "svc-1,svc-2,svc-3" {
			t.Errorf("repos = %v, want svc-1,svc-2,svc-3 in order", names)
		}
		if len(got.Teams) != 1 || got.Teams[0].Repos != 3 {
			t.Errorf("teams = %+v, want payments with 3 repositories", got.Teams)
		}
	})
}

func readScanResult(t *testing.T, path string) *scorecard.Scan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := scorecard.ReadJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// withoutTimestamps is a scan result's bytes without its two timestamps.
func withoutTimestamps(t *testing.T, s *scorecard.Scan) []byte {
	t.Helper()
	c := *s
	c.StartedAt, c.FinishedAt = time.Time{}, time.Time{}
	var b bytes.Buffer
	if err := scorecard.WriteJSON(&b, &c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEmptyShard: a shard that none of the repositories hash to still
// writes a result, and merging it changes nothing.
func TestEmptyShard(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "repos")
	if err := os.MkdirAll(filepath.Join(dir, "only"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "only", "README.md"), []byte("# only\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i := 1; i <= 2; i++ {
		out := filepath.Join(tmp, fmt.Sprintf("shard-%d.json", i))
		shards = append(shards, out)
		if _, stderr, code := runCLI(t, nil, "scan", "--dir", dir, "--no-store", "--progress", "none", "--shard", fmt.Sprintf("%d/2", i), "--out", out); code != ExitOK {
			t.Fatalf("shard %d/2: exit %d\n%s", i, code, stderr)
		}
	}
	if a, b := len(readScanResult(t, shards[0]).Repos), len(readScanResult(t, shards[1]).Repos); a+b != 1 {
		t.Fatalf("shards hold %d and %d repositories, want 1 in all", a, b)
	}
	merged := filepath.Join(tmp, "merged.json")
	if _, stderr, code := runCLI(t, nil, append([]string{"merge", "--out", merged}, shards...)...); code != ExitOK {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	if got := readScanResult(t, merged); len(got.Repos) != 1 || got.Repos[0].Name != "only" {
		t.Errorf("merged repos = %+v, want only", got.Repos)
	}
}
