package main

import (
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// Issue 15 item 7: the terminal report says each warning once, has no
// comparison block when nothing differs on the default branch, names a
// dirty working tree as such, and refuses a --base that names nothing.
func TestCheckTerminalOutput(t *testing.T) {
	t.Parallel()
	files := gittest.Files{}
	for k, v := range serviceFiles {
		files[k] = v
	}
	files["Dockerfile"] += "FROM\n" // a malformed line: one warning
	repo := gittest.NewRepo(t, files)

	t.Run("warnings once, no empty comparison on the default branch", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, nil, "check", repo.Dir)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		all := stdout + stderr
		if n := strings.Count(all, "Dockerfile:7"); n != 1 {
			t.Errorf("the Dockerfile:7 warning appears %d times, want once:\n%s\n%s", n, stdout, stderr)
		}
		if strings.Contains(stdout, "base ") && strings.Contains(stdout, " -> head ") {
			t.Errorf("a comparison block for a commit compared with itself:\n%s", stdout)
		}
	})
	t.Run("warnings on stderr for other formats", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, nil, "check", repo.Dir, "--format", "json")
		if code != ExitOK || !strings.Contains(stderr, "warning: Dockerfile:7") || strings.Count(stdout+stderr, "warning: Dockerfile:7") != 1 {
			t.Errorf("exit %d; want the warning once on stderr:\n%s", code, stderr)
		}
	})
	t.Run("base typo is a usage error", func(t *testing.T) {
		_, stderr, code := runCLI(t, nil, "check", repo.Dir, "--base", "typo")
		if code != ExitUsage || !strings.Contains(stderr, `--base "typo"`) {
			t.Errorf("exit %d, want %d naming the ref:\n%s", code, ExitUsage, stderr)
		}
	})
}

func TestCheckDirtyTreeIsLabelled(t *testing.T) {
	t.Parallel()
	repo := gittest.NewRepo(t, serviceFiles)
	writeFileIn(t, repo.Dir, "Dockerfile", nonRootDockerfile)
	stdout, stderr, code := runCLI(t, nil, "check", repo.Dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	head := repo.Head()[:12]
	if !strings.Contains(stdout, "-> head working tree (uncommitted changes)") || strings.Contains(stdout, "head "+head) {
		t.Errorf("the dirty head is not labelled as the working tree:\n%s", stdout)
	}
}

func TestCIBaseTypoIsAUsageError(t *testing.T) {
	t.Parallel()
	s := newBreakingMR(t, 31)
	_, stderr, code := s.run(t, "--no-note", "--base", "typo")
	if code != ExitUsage || !strings.Contains(stderr, `--base "typo"`) {
		t.Errorf("exit %d, want %d naming the ref:\n%s", code, ExitUsage, stderr)
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0 errors", 1: "1 error", 2: "2 errors"} {
		if got := count(n, "error", "errors"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
