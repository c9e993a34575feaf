// Package gittest builds real git repositories for tests and serves them
// from real servers on loopback: git's own http-backend for clones, and a
// stand-in for the parts of the GitLab REST API that score uses.
//
// It shells out to the git binary; every helper skips the test when git is
// not on PATH. It is test support only: nothing outside _test.go files may
// import it.
package gittest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Markers for special values in Files.
const (
	symlinkMarker    = "\x00gittest-symlink\x00"
	executableMarker = "\x00gittest-exec\x00"
	// Deleted, as a value in Files, removes the file in that commit.
	Deleted = "\x00gittest-deleted\x00"
)

// Files maps slash-separated paths to contents. Use Symlink, Executable and
// Deleted for anything other than a regular file.
type Files map[string]string

// Symlink is a Files value that makes a symbolic link to target.
func Symlink(target string) string { return symlinkMarker + target }

// Executable is a Files value that makes an executable file.
func Executable(content string) string { return executableMarker + content }

// RequireGit skips the test when the git binary is not on PATH.
func RequireGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH")
	}
}

// Repo is a non-bare repository in a temporary directory, built with the git
// CLI. Commits get fixed authors and increasing fixed dates so that hashes
// are reproducible.
type Repo struct {
	t       testing.TB
	Dir     string
	commits int
}

// epoch is the date of the first commit.
var epoch = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

// NewRepo creates a repository on branch main and makes one commit per
// element of commits (none: an empty repository).
func NewRepo(t testing.TB, commits ...Files) *Repo {
	t.Helper()
	RequireGit(t)
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	for i, files := range commits {
		r.Commit(files, fmt.Sprintf("commit %d", i+1))
	}
	return r
}

// Git runs git in the repository and returns its trimmed standard output; it
// fails the test on error.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return Git(r.t, r.Dir, args...)
}

// Commit writes files (relative to the root) and commits all changes with
// message, returning the new commit's SHA.
func (r *Repo) Commit(files Files, message string) string {
	r.t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := writeEntry(r.Dir, name, files[name]); err != nil {
			r.t.Fatalf("gittest: %v", err)
		}
	}
	r.commits++
	date := epoch.Add(time.Duration(r.commits) * time.Hour).Format(time.RFC3339)
	r.Git("add", "-A")
	GitEnv(r.t, r.Dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date},
		"commit", "-q", "--allow-empty", "-m", message)
	return r.Head()
}

// Head returns the SHA of HEAD.
func (r *Repo) Head() string {
	r.t.Helper()
	return r.Git("rev-parse", "HEAD")
}

func writeEntry(root, name, value string) error {
	p := filepath.Join(root, filepath.FromSlash(name))
	if value == Deleted {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("delete %s: %w", name, err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	_ = os.Remove(p)
	switch {
	case strings.HasPrefix(value, symlinkMarker):
		return os.Symlink(strings.TrimPrefix(value, symlinkMarker), p)
	case strings.HasPrefix(value, executableMarker):
		return os.WriteFile(p, []byte(strings.TrimPrefix(value, executableMarker)), 0o755)
	default:
		return os.WriteFile(p, []byte(value), 0o644)
	}
}

// Git runs git in dir with an isolated configuration and returns its trimmed
// standard output; it fails the test on error.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	return GitEnv(t, dir, nil, args...)
}

// GitEnv is Git with extra environment variables.
func GitEnv(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	RequireGit(t)
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(gitEnv(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

// gitEnv is the environment for git commands: the caller's, minus anything
// that would make results depend on the machine's configuration.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Score Test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=Score Test", "GIT_COMMITTER_EMAIL=test@example.invalid",
		"GIT_TERMINAL_PROMPT=0",
	)
}
