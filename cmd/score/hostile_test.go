package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/internal/hostile"
)

// TestHostileFactsStayInside: score facts on a checkout whose links lead
// out of it, into .git or onto /proc prints nothing from there and ends.
func TestHostileFactsStayInside(t *testing.T) {
	outsideRepo, outside := t.TempDir(), t.TempDir()
	if err := hostile.OutsideLinks(outsideRepo, outside); err != nil {
		t.Fatal(err)
	}
	gitRepo := t.TempDir()
	if err := hostile.GitDirLinks(gitRepo); err != nil {
		t.Fatal(err)
	}
	devRepo := t.TempDir()
	if err := hostile.DeviceLinks(devRepo); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{outsideRepo, gitRepo, devRepo} {
		stdout, stderr, code := runCLI(t, nil, "facts", dir)
		if code != ExitOK {
			t.Fatalf("facts %s: exit %d: %s", dir, code, stderr)
		}
		for _, leak := range []string{hostile.OutsideTeam, hostile.OutsideSecret, "root:x:0:0", hostile.GitToken} {
			if strings.Contains(stdout+stderr, leak) {
				t.Errorf("facts %s printed %q", dir, leak)
			}
		}
	}
	// check reads .score.yaml for the team: the outside one is not it.
	stdout, stderr, code := runCLI(t, nil, "check", outsideRepo, "--format", "json", "--no-compare")
	if code != ExitOK {
		t.Fatalf("check: exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout+stderr, hostile.OutsideTeam) {
		t.Errorf("check reported the team named outside the repository")
	}
}

// TestHostileScanBadTree: a repository whose tree has an entry named "."
// becomes an error row; the other repository of the scan is scored.
func TestHostileScanBadTree(t *testing.T) {
	gittest.RequireGit(t)
	bad := t.TempDir()
	commit, err := hostile.BadTreeEntryRepo(bad, ".")
	if err != nil {
		t.Fatal(err)
	}
	good := gittest.NewRepo(t, gittest.Files{"README.md": "# ok\n", "Makefile": "test:\n\tgo test ./...\n"})
	out := filepath.Join(t.TempDir(), "scan.json")
	_, stderr, code := runCLI(t, nil, "scan", "--repo", bad, "--repo", good.Dir, "--out", out, "--no-store", "--progress", "none")
	if code != ExitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	var doc struct {
		Repos []struct {
			URL   string `json:"url"`
			Error string `json:"error"`
		} `json:"repos"`
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Repos) != 2 {
		t.Fatalf("%d rows, want 2", len(doc.Repos))
	}
	for _, r := range doc.Repos {
		switch r.URL {
		case bad:
			if !strings.Contains(r.Error, `invalid tree entry "."`) || !strings.Contains(r.Error, "in commit "+commit) {
				t.Errorf("bad repository's error %q, want the invalid entry and commit", r.Error)
			}
		default:
			if r.Error != "" {
				t.Errorf("good repository failed: %s", r.Error)
			}
		}
	}
}
