package gitlab

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/snapshot"

	"github.com/scoredev/score/source"
)

// quickGitLab returns options with short waits so that retries cost
// milliseconds; the policy is the one used for real.
func quickGitLab(g *gittest.GitLab, group string) GitLabOptions {
	return GitLabOptions{BaseURL: g.URL, Token: g.Token, Group: group,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, MaxRetryAfter: 10 * time.Millisecond}
}

// bigGroup fills a stand-in with 230 live projects under platform (three
// pages of 100), plus archived projects, forks, an empty project and a
// project of another group.
func bigGroup(t *testing.T) (*gittest.GitLab, []string) {
	g := gittest.NewGitLab(t)
	g.Token = "glpat-discovery-secret"
	var want []string
	for i := range 230 {
		p := fmt.Sprintf("platform/svc-%03d", i)
		switch i % 3 {
		case 1:
			p = fmt.Sprintf("platform/payments/svc-%03d", i)
		case 2:
			p = fmt.Sprintf("platform/payments/core/svc-%03d", i)
		}
		g.AddProject(gittest.Project{PathWithNamespace: p, DefaultBranch: "main", Topics: []string{"tier-1", "go"}})
		want = append(want, p)
	}
	g.AddProject(gittest.Project{PathWithNamespace: "platform/old", DefaultBranch: "main", Archived: true})
	g.AddProject(gittest.Project{PathWithNamespace: "platform/payments/old", DefaultBranch: "master", Archived: true})
	g.AddProject(gittest.Project{PathWithNamespace: "platform/my-fork", DefaultBranch: "main", ForkedFrom: "upstream/tool"})
	g.AddProject(gittest.Project{PathWithNamespace: "platform/placeholder"})
	g.AddProject(gittest.Project{PathWithNamespace: "other/svc", DefaultBranch: "main"})
	sort.Strings(want)
	return g, want
}

func names(refs []source.RepoRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.Name)
	}
	return out
}

func TestDiscoverGitLabPaginatesSubgroupsAndFilters(t *testing.T) {
	t.Parallel()
	g, want := bigGroup(t)
	var skipped []string
	opts := quickGitLab(g, "platform")
	opts.OnSkip = func(p, reason string) { skipped = append(skipped, p+": "+reason) }
	refs, err := DiscoverGitLab(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(refs); !slices.Equal(got, want) {
		t.Fatalf("got %d projects, want %d; first difference around %v", len(got), len(want), firstDiff(got, want))
	}
	sort.Strings(skipped)
	if got := strings.Join(skipped, "; "); got != "platform/my-fork: fork of upstream/tool; platform/placeholder: no repository (no default branch)" {
		t.Errorf("skipped: %s", got)
	}

	var pages []string
	for _, r := range g.Requests() {
		q := r.Query
		if q.Get("include_subgroups") != "true" || q.Get("archived") != "false" || q.Get("per_page") != "100" {
			t.Errorf("request %s?%s: want include_subgroups=true, archived=false, per_page=100", r.Path, q.Encode())
		}
		if r.Path != "/api/v4/groups/platform/projects" {
			t.Errorf("path %s", r.Path)
		}
		pages = append(pages, q.Get("page"))
	}
	if got := strings.Join(pages, ","); got != "1,2,3" {
		t.Errorf("pages requested: %s; want 1,2,3", got)
	}

	api := refs[slices.IndexFunc(refs, func(r source.RepoRef) bool { return r.Name == "platform/payments/core/svc-002" })]
	if api.GroupPath != "platform/payments/core" || api.DefaultBranch != "main" || api.ProjectID == 0 ||
		!slices.Equal(api.Topics, []string{"go", "tier-1"}) || api.URL != g.URL+"/platform/payments/core/svc-002.git" ||
		api.LastActivityAt.IsZero() || api.HeadCommit != "" {
		t.Errorf("ref = %+v", api)
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(a), len(b))
}

func TestDiscoverGitLabIncludeArchivedAndForks(t *testing.T) {
	t.Parallel()
	g, want := bigGroup(t)
	opts := quickGitLab(g, "platform/payments")
	opts.IncludeArchived, opts.IncludeForks = true, true
	refs, err := DiscoverGitLab(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var payments []string
	for _, w := range want {
		if strings.HasPrefix(w, "platform/payments/") {
			payments = append(payments, w)
		}
	}
	payments = append(payments, "platform/payments/old")
	sort.Strings(payments)
	if got := names(refs); !slices.Equal(got, payments) {
		t.Errorf("got %d, want %d: %v", len(got), len(payments), firstDiff(got, payments))
	}
	for _, r := range g.Requests() {
		if r.Query.Has("archived") {
			t.Errorf("archived filter sent although archived projects were asked for: %s", r.Query.Encode())
		}
		if r.Path != "/api/v4/groups/platform%2Fpayments/projects" {
			t.Errorf("path %s; want the full path URL-encoded", r.Path)
		}
	}

	opts = quickGitLab(g, "platform")
	opts.IncludeForks = true
	refs, err = DiscoverGitLab(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names(refs), "platform/my-fork") || slices.Contains(names(refs), "platform/old") {
		t.Error("forks not included, or archived included")
	}
}

func TestDiscoverGitLabRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		failure  gittest.Failure
		statuses string
	}{
		{"429 with Retry-After", gittest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "1"}, "429,200,200,200"},
		{"500", gittest.Failure{Status: http.StatusInternalServerError}, "500,200,200,200"},
		{"502 on page 2", gittest.Failure{Status: http.StatusBadGateway, Query: "page=2"}, "200,502,200,200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, want := bigGroup(t)
			g.Fail(tc.failure)
			refs, err := DiscoverGitLab(context.Background(), quickGitLab(g, "platform"))
			if err != nil {
				t.Fatal(err)
			}
			if len(refs) != len(want) {
				t.Errorf("%d projects; want %d", len(refs), len(want))
			}
			var statuses []string
			for _, r := range g.Requests() {
				if strings.Contains(r.Path, "/platform/") {
					statuses = append(statuses, fmt.Sprint(r.Status))
				}
			}
			if got := strings.Join(statuses, ","); got != tc.statuses {
				t.Errorf("statuses: %s; want %s (the failure retried, three pages served)", got, tc.statuses)
			}
		})
	}
}

func TestDiscoverGitLabErrors(t *testing.T) {
	t.Parallel()
	g, _ := bigGroup(t)
	t.Run("unknown group", func(t *testing.T) {
		_, err := DiscoverGitLab(context.Background(), quickGitLab(g, "nope/missing"))
		if err == nil || !strings.Contains(err.Error(), "GitLab group nope/missing not found at "+g.URL) {
			t.Fatalf("err = %v", err)
		}
		if !errors.Is(err, gitlab.ErrNotFound) {
			t.Errorf("errors.Is(err, gitlab.ErrNotFound) = false for %v", err)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		opts := quickGitLab(g, "platform")
		opts.Token = "glpat-WRONG-secret"
		_, err := DiscoverGitLab(context.Background(), opts)
		if err == nil || !strings.Contains(err.Error(), "rejected the token (401)") || strings.Contains(err.Error(), "WRONG") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("gives up after bounded retries", func(t *testing.T) {
		g, _ := bigGroup(t)
		for range 10 {
			g.Fail(gittest.Failure{Status: http.StatusServiceUnavailable})
		}
		opts := quickGitLab(g, "platform")
		opts.MaxRetries = 2
		_, err := DiscoverGitLab(context.Background(), opts)
		if err == nil || !strings.Contains(err.Error(), "503") {
			t.Fatalf("err = %v; want the 503", err)
		}
		if n := len(g.Requests()); n != 3 {
			t.Errorf("%d requests; want 3 (one try, two retries)", n)
		}
		if strings.Contains(err.Error(), g.Token) {
			t.Errorf("error leaks the token: %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := DiscoverGitLab(ctx, quickGitLab(g, "platform"))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v; want context.Canceled", err)
		}
	})
	t.Run("bad options", func(t *testing.T) {
		for _, opts := range []GitLabOptions{
			{BaseURL: "", Group: "g"},
			{BaseURL: "gitlab.example.com", Group: "g"},
			{BaseURL: "ftp://gitlab.example.com", Group: "g"},
			{BaseURL: g.URL, Group: "  "},
		} {
			if _, err := DiscoverGitLab(context.Background(), opts); err == nil {
				t.Errorf("%+v accepted", opts)
			}
		}
	})
}

func TestGitLabBaseURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://gitlab.example.com":                  "https://gitlab.example.com",
		"https://gitlab.example.com/":                 "https://gitlab.example.com",
		"https://gitlab.example.com/api/v4/":          "https://gitlab.example.com",
		"https://user:tok@gitlab.example.com/gitlab/": "https://gitlab.example.com/gitlab",
		" http://127.0.0.1:8080 ":                     "http://127.0.0.1:8080",
	} {
		if got, err := gitLabBaseURL(in); err != nil || got != want {
			t.Errorf("gitLabBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestGitLabBackoffHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	b := gitLabBackoff(time.Minute)
	resp := func(status int, h ...string) *http.Response {
		r := &http.Response{StatusCode: status, Header: http.Header{}}
		for i := 0; i+1 < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		return r
	}
	if d := b(time.Millisecond, time.Second, 0, resp(429, "Retry-After", "7")); d != 7*time.Second {
		t.Errorf("429 Retry-After 7: %v", d)
	}
	if d := b(time.Millisecond, time.Second, 0, resp(503, "Retry-After", "3600")); d != time.Minute {
		t.Errorf("Retry-After beyond the cap: %v; want 1m", d)
	}
	reset := fmt.Sprint(time.Now().Add(30 * time.Second).Unix())
	if d := b(time.Millisecond, time.Second, 0, resp(429, "RateLimit-Reset", reset)); d < 20*time.Second || d > 31*time.Second {
		t.Errorf("RateLimit-Reset in 30s: %v", d)
	}
	for attempt := range 6 {
		want := min(time.Millisecond<<attempt, 20*time.Millisecond)
		if d := b(time.Millisecond, 20*time.Millisecond, attempt, resp(500)); d < want/2 || d > want {
			t.Errorf("500, attempt %d: %v; want in [%v, %v]", attempt, d, want/2, want)
		}
	}
}

// TestDiscoverThenClone runs the whole source path: discovery on the
// stand-in, then token-authenticated clones from a real git server.
func TestDiscoverThenClone(t *testing.T) {
	t.Parallel()
	const token = "glpat-end-to-end"
	srv := gittest.NewServer(t, gittest.WithBasicAuth("oauth2", token))
	g := gittest.NewGitLab(t)
	g.Token = token
	heads := map[string]string{}
	for _, name := range []string{"platform/api", "platform/payments/ledger"} {
		r := gittest.NewRepo(t, gittest.Files{"README.md": name + "\n"})
		heads[name] = r.Head()
		g.AddProject(gittest.Project{PathWithNamespace: name, DefaultBranch: "main", HTTPURL: srv.Add(name, r)})
	}
	refs, err := DiscoverGitLab(context.Background(), quickGitLab(g, "platform"))
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 2 {
		t.Fatalf("refs = %+v", refs)
	}
	for _, ref := range refs {
		snap, err := source.Load(context.Background(), ref, withAuth(fastRetries, token))
		if err != nil {
			t.Fatal(err)
		}
		if snap.Info.Commit != heads[ref.Name] || snap.Info.GroupPath != ref.GroupPath || readme(t, snap) != ref.Name+"\n" {
			t.Errorf("%s: %+v", ref.Name, snap.Info)
		}
	}
}

// fastRetries keeps tests quick; the policy is the same.
var fastRetries = source.CloneOptions{Attempts: 3, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}

func withAuth(o source.CloneOptions, token string) source.CloneOptions {
	o.Auth = source.Auth{Token: token}
	return o
}

func readme(t *testing.T, snap snapshot.Snapshot) string {
	t.Helper()
	data, err := fs.ReadFile(snap.FS, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
