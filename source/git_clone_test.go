package source

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/scoredev/score/internal/gittest"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// fastRetries keeps tests quick; the policy is the same.
var fastRetries = CloneOptions{Attempts: 3, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}

func withAuth(o CloneOptions, token string) CloneOptions {
	o.Auth = Auth{Token: token}
	return o
}

// threeCommits makes a repository with history, so that depth matters.
func threeCommits(t *testing.T) *gittest.Repo {
	r := gittest.NewRepo(t,
		gittest.Files{"README.md": "v1\n"},
		gittest.Files{"README.md": "v2\n", "Dockerfile": "FROM scratch\n"},
		gittest.Files{"README.md": "v3\n", "link": gittest.Symlink("README.md")},
	)
	return r
}

// commitCount counts the commit objects a snapshot's storage holds.
func commitCount(t *testing.T, snap snapshot.Snapshot) int {
	t.Helper()
	cfs, ok := snap.FS.(*commitFS)
	if !ok {
		t.Fatalf("snapshot FS is %T", snap.FS)
	}
	// Walk the history from the head as far as the clone has it (the
	// clone's folder is gone once it is open, so its objects cannot be
	// listed; they can be read).
	n := 0
	seen := map[plumbing.Hash]bool{}
	next := []plumbing.Hash{cfs.commit}
	for len(next) > 0 {
		h := next[0]
		next = next[1:]
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := object.GetCommit(cfs.s, h)
		if err != nil {
			continue
		}
		n++
		next = append(next, c.ParentHashes...)
	}
	return n
}

func readme(t *testing.T, snap snapshot.Snapshot) string {
	t.Helper()
	data, err := fs.ReadFile(snap.FS, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCloneShallowOverHTTP(t *testing.T) {
	t.Parallel()
	r := threeCommits(t)
	srv := gittest.NewServer(t)
	url := srv.Add("group/svc", r)

	snap, err := Clone(context.Background(), RepoRef{Name: "group/svc", URL: url, Team: "payments", GroupPath: "group"}, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	if got := readme(t, snap); got != "v3\n" {
		t.Errorf("README = %q; want the head's", got)
	}
	if n := commitCount(t, snap); n != 1 {
		t.Errorf("%d commits fetched; want 1 (depth 1)", n)
	}
	want := facts.RepoInfo{Name: "group/svc", URL: url, Commit: r.Head(), DefaultBranch: "main", GroupPath: "group", Team: "payments"}
	if snap.Info.Name != want.Name || snap.Info.URL != want.URL || snap.Info.Commit != want.Commit ||
		snap.Info.DefaultBranch != want.DefaultBranch || snap.Info.GroupPath != want.GroupPath || snap.Info.Team != want.Team {
		t.Errorf("info = %+v; want %+v", snap.Info, want)
	}
	if target, err := fs.ReadLink(snap.FS, "link"); err != nil || target != "README.md" {
		t.Errorf("ReadLink(link) = %q, %v", target, err)
	}
	tree, err := snapshot.NewTree(snap.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tree.Files, ","); got != "Dockerfile,README.md,link" {
		t.Errorf("files = %s", got)
	}
}

func TestCloneBranches(t *testing.T) {
	t.Parallel()
	r := gittest.NewRepo(t, gittest.Files{"README.md": "main\n"})
	r.Git("checkout", "-q", "-b", "feature")
	feature := r.Commit(gittest.Files{"README.md": "feature\n"}, "feature")
	r.Git("checkout", "-q", "-b", "trunk")
	trunk := r.Commit(gittest.Files{"README.md": "trunk\n"}, "trunk")
	srv := gittest.NewServer(t)
	url := srv.Add("svc", r) // HEAD is trunk

	tests := []struct {
		branch, wantBranch, wantCommit, wantReadme string
	}{
		{"", "trunk", trunk, "trunk\n"},
		{"feature", "feature", feature, "feature\n"},
	}
	for _, tc := range tests {
		for _, cache := range []bool{false, true} {
			opts := fastRetries
			if cache {
				opts.CacheDir = t.TempDir()
			}
			snap, err := Clone(context.Background(), RepoRef{Name: "svc", URL: url, DefaultBranch: tc.branch}, opts)
			if err != nil {
				t.Fatalf("branch %q cache %v: %v", tc.branch, cache, err)
			}
			if snap.Info.DefaultBranch != tc.wantBranch || snap.Info.Commit != tc.wantCommit || readme(t, snap) != tc.wantReadme {
				t.Errorf("branch %q cache %v: got %+v %q", tc.branch, cache, snap.Info, readme(t, snap))
			}
		}
	}
	_, err := Clone(context.Background(), RepoRef{Name: "svc", URL: url, DefaultBranch: "nope"}, fastRetries)
	if err == nil {
		t.Error("clone of a missing branch succeeded")
	}
}

func TestCloneTokenAuth(t *testing.T) {
	t.Parallel()
	const token = "glpat-right-Tok3n"
	r := threeCommits(t)
	srv := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	url := srv.Add("svc", r)

	t.Run("right token", func(t *testing.T) {
		snap, err := Clone(context.Background(), RepoRef{Name: "svc", URL: url}, withAuth(fastRetries, token))
		if err != nil {
			t.Fatal(err)
		}
		if snap.Info.Commit != r.Head() {
			t.Errorf("commit = %s; want %s", snap.Info.Commit, r.Head())
		}
	})
	t.Run("token in the URL", func(t *testing.T) {
		withCreds := strings.Replace(url, "http://", "http://oauth2:"+token+"@", 1)
		snap, err := Clone(context.Background(), RepoRef{Name: "svc", URL: withCreds}, fastRetries)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(snap.Info.URL, token) || snap.Info.URL != url {
			t.Errorf("snapshot URL = %q; want %q without credentials", snap.Info.URL, url)
		}
	})
	t.Run("token restricted to another host", func(t *testing.T) {
		opts := withAuth(fastRetries, token)
		opts.Auth.Hosts = []string{"gitlab.example.invalid"}
		_, err := Clone(context.Background(), RepoRef{Name: "svc", URL: url}, opts)
		if !errors.Is(err, transport.ErrAuthenticationRequired) {
			t.Errorf("err = %v; want authentication required (token withheld)", err)
		}
	})

	for name, tc := range map[string]struct {
		url   string
		opts  CloneOptions
		token string
	}{
		"wrong token":        {url: url, opts: withAuth(fastRetries, "glpat-WRONG-secret"), token: "glpat-WRONG-secret"},
		"wrong token in URL": {url: strings.Replace(url, "http://", "http://oauth2:glpat-URL-secret@", 1), opts: fastRetries, token: "glpat-URL-secret"},
		"no token":           {url: url, opts: fastRetries},
	} {
		t.Run(name, func(t *testing.T) {
			before := srv.CountRequests("/svc.git/")
			_, err := Clone(context.Background(), RepoRef{Name: "svc", URL: tc.url}, tc.opts)
			if !errors.Is(err, transport.ErrAuthenticationRequired) {
				t.Fatalf("err = %v; want authentication required", err)
			}
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error leaks the token: %v", err)
			}
			if strings.Contains(err.Error(), "attempts") {
				t.Errorf("authentication failure was retried: %v", err)
			}
			// Counting is racy only with other subtests, which run
			// sequentially here.
			if n := srv.CountRequests("/svc.git/") - before; n != 1 {
				t.Errorf("%d requests; want 1 (no retry)", n)
			}
		})
	}
}

func TestCloneNotFoundIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	_, err := Clone(context.Background(), RepoRef{URL: srv.RepoURL("missing")}, fastRetries)
	if !errors.Is(err, transport.ErrRepositoryNotFound) {
		t.Fatalf("err = %v; want repository not found", err)
	}
	if n := srv.CountRequests("/missing.git/"); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestCloneUnreachableFailsAfterBoundedRetries(t *testing.T) {
	t.Parallel()
	const token = "glpat-unreachable-secret"
	url := gittest.UnreachableURL(t, "svc")
	withCreds := strings.Replace(url, "http://", "http://oauth2:"+token+"@", 1)
	for _, u := range []string{url, withCreds} {
		_, err := Clone(context.Background(), RepoRef{URL: u}, withAuth(fastRetries, token))
		if err == nil {
			t.Fatal("clone of an unreachable URL succeeded")
		}
		msg := err.Error()
		if !strings.Contains(msg, "after 3 attempts") {
			t.Errorf("error = %q; want it to say it tried 3 times", msg)
		}
		if strings.Contains(msg, token) || strings.Contains(msg, "oauth2:") {
			t.Errorf("error leaks credentials: %q", msg)
		}
		if !strings.Contains(msg, "clone "+url) {
			t.Errorf("error = %q; want it to name %s", msg, url)
		}
	}
}

func TestCloneTimeout(t *testing.T) {
	t.Parallel()
	opts := CloneOptions{Attempts: 10, BackoffBase: time.Hour, BackoffMax: time.Hour, Timeout: 100 * time.Millisecond}
	_, err := Clone(context.Background(), RepoRef{URL: gittest.UnreachableURL(t, "svc")}, opts)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want the per-repository deadline", err)
	}
}

func TestCloneRetriesTransientServerErrors(t *testing.T) {
	t.Parallel()
	r := threeCommits(t)
	for _, tc := range []struct {
		name, retryAfter string
		status           int
	}{
		{"503", "", http.StatusServiceUnavailable},
		{"500", "", http.StatusInternalServerError},
		{"429 with Retry-After", "1", http.StatusTooManyRequests},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := gittest.NewServer(t)
			url := srv.Add("svc", r)
			srv.Fail("svc", tc.status, 1, tc.retryAfter)
			snap, err := Clone(context.Background(), RepoRef{URL: url}, fastRetries)
			if err != nil {
				t.Fatal(err)
			}
			if snap.Info.Commit != r.Head() {
				t.Errorf("commit = %s", snap.Info.Commit)
			}
			if n := srv.CountRequests("/svc.git/info/refs"); n != 2 {
				t.Errorf("%d ref advertisements; want 2 (one failure, one retry)", n)
			}
		})
	}
	t.Run("gives up", func(t *testing.T) {
		srv := gittest.NewServer(t)
		url := srv.Add("svc", r)
		srv.Fail("svc", http.StatusBadGateway, 5, "")
		_, err := Clone(context.Background(), RepoRef{URL: url}, fastRetries)
		if err == nil || !strings.Contains(err.Error(), "after 3 attempts") {
			t.Errorf("err = %v; want failure after 3 attempts", err)
		}
	})
}

func TestCloneCacheFetchesIncrementally(t *testing.T) {
	t.Parallel()
	const token = "glpat-cache-secret"
	r := threeCommits(t)
	srv := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	url := srv.Add("group/svc", r)
	opts := withAuth(fastRetries, token)
	opts.CacheDir = t.TempDir()
	ref := RepoRef{Name: "group/svc", URL: url}
	fetches := func() int { return srv.CountRequests("/group/svc.git/git-upload-pack") }

	first, err := Clone(context.Background(), ref, opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Info.Commit != r.Head() || readme(t, first) != "v3\n" || commitCount(t, first) != 1 {
		t.Fatalf("first run: %+v %q, %d commits", first.Info, readme(t, first), commitCount(t, first))
	}
	entries, _ := os.ReadDir(opts.CacheDir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "svc-") {
		t.Fatalf("cache holds %v; want one svc-<hash>.git mirror", entries)
	}
	config, err := os.ReadFile(opts.CacheDir + "/" + entries[0].Name() + "/config")
	if err != nil || strings.Contains(string(config), token) {
		t.Errorf("mirror config leaks the token or is missing: %v\n%s", err, config)
	}

	// Unchanged remote: no fetch at all.
	n := fetches()
	again, err := Clone(context.Background(), ref, opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Info.Commit != r.Head() || fetches() != n {
		t.Errorf("unchanged remote: commit %s, %d new fetches; want %s and none", again.Info.Commit, fetches()-n, r.Head())
	}

	// A new commit: fetched into the mirror.
	next := r.Commit(gittest.Files{"README.md": "v4\n"}, "fourth")
	srv.Add("group/svc", r)
	n = fetches()
	second, err := Clone(context.Background(), ref, opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Info.Commit != next || readme(t, second) != "v4\n" {
		t.Errorf("after a new commit: %+v %q; want %s", second.Info, readme(t, second), next)
	}
	if fetches() != n+1 {
		t.Errorf("%d fetches; want 1", fetches()-n)
	}
	entries, _ = os.ReadDir(opts.CacheDir)
	if len(entries) != 1 {
		t.Errorf("cache holds %d entries after the fetch; want 1", len(entries))
	}

	// A broken mirror is replaced.
	if err := os.RemoveAll(opts.CacheDir + "/" + entries[0].Name() + "/objects"); err != nil {
		t.Fatal(err)
	}
	r.Commit(gittest.Files{"README.md": "v5\n"}, "fifth")
	srv.Add("group/svc", r)
	third, err := Clone(context.Background(), ref, opts)
	if err != nil {
		t.Fatalf("broken mirror: %v", err)
	}
	if readme(t, third) != "v5\n" {
		t.Errorf("broken mirror: README %q", readme(t, third))
	}
}

func TestCloneLocal(t *testing.T) {
	t.Parallel()
	r := threeCommits(t)
	for _, u := range []string{"file://" + r.Dir, r.Dir} {
		snap, err := Clone(context.Background(), RepoRef{Name: "local", URL: u}, fastRetries)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if snap.Info.Commit != r.Head() || readme(t, snap) != "v3\n" || commitCount(t, snap) != 1 {
			t.Errorf("%s: %+v %q %d commits", u, snap.Info, readme(t, snap), commitCount(t, snap))
		}
	}
	if _, err := Clone(context.Background(), RepoRef{URL: "file://" + t.TempDir() + "/nope"}, fastRetries); err == nil {
		t.Error("clone of a missing local repository succeeded")
	}
}

func TestLsRemoteHead(t *testing.T) {
	t.Parallel()
	const token = "glpat-ls-secret"
	r := threeCommits(t)
	srv := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	url := srv.Add("svc", r)
	branch, sha, err := LsRemoteHead(context.Background(), url, Auth{Token: token})
	if err != nil || branch != "main" || sha != r.Head() {
		t.Errorf("LsRemoteHead = %q, %q, %v; want main, %s", branch, sha, err, r.Head())
	}
	if n := srv.CountRequests("/svc.git/git-upload-pack"); n != 0 {
		t.Errorf("ls-remote fetched objects (%d upload-pack requests)", n)
	}
	_, _, err = LsRemoteHead(context.Background(), url, Auth{Token: "glpat-bad-secret"})
	if !errors.Is(err, transport.ErrAuthenticationRequired) || strings.Contains(err.Error(), "glpat-bad-secret") {
		t.Errorf("bad token: %v", err)
	}
	empty := gittest.NewRepo(t)
	_, _, err = LsRemoteHead(context.Background(), "file://"+empty.Dir, Auth{})
	if !errors.Is(err, transport.ErrEmptyRemoteRepository) {
		t.Errorf("empty repository: %v; want ErrEmptyRemoteRepository", err)
	}
}

func TestIsTransient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{transport.ErrAuthenticationRequired, false},
		{transport.ErrRepositoryNotFound, false},
		{context.DeadlineExceeded, false},
		{errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), true},
		{errors.New("read: connection reset by peer"), true},
		{errors.New("object not found"), false},
	} {
		if got := isTransient(tc.err); got != tc.want {
			t.Errorf("isTransient(%v) = %v; want %v", tc.err, got, tc.want)
		}
	}
}

func TestBackoffGrowsAndStaysBounded(t *testing.T) {
	t.Parallel()
	base, maxWait := 100*time.Millisecond, time.Second
	for attempt := 1; attempt <= 10; attempt++ {
		want := min(base<<(attempt-1), maxWait)
		for range 50 {
			d := Backoff(base, maxWait, attempt)
			if d < want/2 || d > want {
				t.Fatalf("backoff(attempt %d) = %v; want in [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"3": 3 * time.Second, "Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second} {
		if d, ok := ParseRetryAfter(v, now); !ok || d != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", v, d, ok, want)
		}
	}
	if _, ok := ParseRetryAfter("soon", now); ok {
		t.Error("parseRetryAfter accepted garbage")
	}
}
