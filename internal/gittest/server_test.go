package gittest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

func TestRepoAndServer(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t,
		gittest.Files{"a.txt": "1", "run.sh": gittest.Executable("#!/bin/sh\n"), "link": gittest.Symlink("a.txt")},
		gittest.Files{"a.txt": "2", "run.sh": gittest.Deleted},
	)
	if got := r.Git("rev-list", "--count", "HEAD"); got != "2" {
		t.Fatalf("%s commits; want 2", got)
	}
	if got := r.Git("ls-tree", "HEAD"); !strings.Contains(got, "120000 blob") || strings.Contains(got, "run.sh") {
		t.Errorf("tree:\n%s\nwant a symlink and no run.sh", got)
	}
	again := gittest.NewRepo(t, gittest.Files{"a.txt": "1", "run.sh": gittest.Executable("#!/bin/sh\n"), "link": gittest.Symlink("a.txt")})
	first := r.Git("rev-list", "--max-parents=0", "HEAD")
	if again.Head() != first {
		t.Errorf("same files, different hashes: %s vs %s (commits must be reproducible)", again.Head(), first)
	}

	srv := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", "tok-123"))
	url := srv.Add("team/svc", r)
	dst := filepath.Join(t.TempDir(), "clone")
	authed := strings.Replace(url, "http://", "http://oauth2:tok-123@", 1)
	gittest.Git(t, t.TempDir(), "clone", "-q", "--depth", "1", authed, dst)
	if data, err := os.ReadFile(filepath.Join(dst, "a.txt")); err != nil || string(data) != "2" {
		t.Errorf("cloned a.txt = %q, %v", data, err)
	}

	cmd := exec.Command("git", "ls-remote", strings.Replace(url, "http://", "http://oauth2:wrong@", 1))
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("wrong password accepted:\n%s", out)
	}
	srv.Fail("team/svc", 503, 1, "")
	cmd = exec.Command("git", "ls-remote", authed)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	if err := cmd.Run(); err == nil {
		t.Error("injected 503 not served")
	}
	if srv.CountRequests("/team/svc.git/") < 3 {
		t.Errorf("requests = %v", srv.Requests())
	}
}
