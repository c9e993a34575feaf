package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPolicyCacheDir(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		g    globalOptions
		env  map[string]string
		want string
	}{
		{"flag", globalOptions{cacheDir: "/c"}, map[string]string{"XDG_CACHE_HOME": "/x"}, "/c"},
		{"xdg", globalOptions{}, map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/score"},
		{"relative xdg is ignored", globalOptions{}, map[string]string{"XDG_CACHE_HOME": "x", "HOME": "/h"}, "/h/.cache/score"},
		{"home", globalOptions{}, map[string]string{"HOME": "/h"}, "/h/.cache/score"},
		{"nothing known", globalOptions{}, nil, ""},
		{"disabled", globalOptions{noCache: true, cacheDir: "/c"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := tt.g
			g.getenv = func(k string) string { return tt.env[k] }
			if got := policyCacheDir(&g); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPolicyCacheCLI runs commands with the cache in a temporary folder:
// they write an entry, work the same from it, ignore a corrupt one, and
// write nothing with SCORE_NO_CACHE.
func TestPolicyCacheCLI(t *testing.T) {
	t.Parallel()
	entries := func(dir string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, "policies-*.bin"))
		return m
	}
	dir := t.TempDir()
	want, stderr, code := runCLI(t, nil, "policy", "list")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	env := map[string]string{"SCORE_CACHE_DIR": dir}
	for round := range 2 {
		got, stderr, code := runCLI(t, env, "policy", "list")
		if code != ExitOK || got != want {
			t.Fatalf("round %d: exit %d, %s\n%s", round, code, stderr, got)
		}
		if n := len(entries(dir)); n != 1 {
			t.Fatalf("round %d: %d cache entries", round, n)
		}
	}
	if err := os.WriteFile(entries(dir)[0], []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, stderr, code := runCLI(t, env, "policy", "list"); code != ExitOK || got != want {
		t.Fatalf("corrupt entry: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(entries(dir)[0]); string(b) == "garbage" {
		t.Error("the corrupt entry was not rewritten")
	}

	off := t.TempDir()
	if _, stderr, code := runCLI(t, map[string]string{"SCORE_CACHE_DIR": off, "SCORE_NO_CACHE": "1"}, "policy", "list"); code != ExitOK {
		t.Fatalf("no cache: exit %d, %s", code, stderr)
	}
	if n := len(entries(off)); n != 0 {
		t.Errorf("SCORE_NO_CACHE: %d entries written", n)
	}
}
