package app

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/source"
	"github.com/scoredev/score/source/gitlab"
)

// The hand-computed cases of docs/outcomes.md: each figure below is worked
// out in the comments from the events the test sets up.

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptime(s string) *time.Time { t := at(s); return &t }

type wantMeasure struct {
	value  float64 // NaN: empty
	count  int
	source string
	band   string
	reason string // a substring of the reason, for an empty measure
}

func empty(source, reason string) wantMeasure {
	return wantMeasure{value: math.NaN(), source: source, reason: reason}
}

func checkMeasure(t *testing.T, name string, got scorecard.Measure, want wantMeasure) {
	t.Helper()
	if math.IsNaN(want.value) {
		if got.Value != nil || !strings.Contains(got.Reason, want.reason) || got.Source != want.source {
			t.Errorf("%s = %+v (value %v), want empty from %s with a reason containing %q", name, got, deref(got.Value), want.source, want.reason)
		}
		return
	}
	if got.Value == nil || math.Abs(*got.Value-want.value) > 1e-4 || got.Count != want.count || got.Source != want.source || got.Band != want.band {
		t.Errorf("%s = %v (count %d, source %s, band %s, reason %q), want %v (count %d, source %s, band %s)",
			name, deref(got.Value), got.Count, got.Source, got.Band, got.Reason, want.value, want.count, want.source, want.band)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// deliveryProject sets up project acme/deploys: production and staging
// environments, deployments (one failed, one rollback), merged merge
// requests (one revert, one hotfix) and incidents. Window: 90 days to
// 2026-06-30, so from 2026-04-01.
func deliveryProject(gl *gittest.GitLab) gittest.Project {
	p := gl.AddProject(gittest.Project{PathWithNamespace: "acme/deploys", DefaultBranch: "main"})
	const proj = "acme/deploys"
	gl.AddEnvironment(proj, gittest.Environment{Name: "production", Tier: "production"})
	gl.AddEnvironment(proj, gittest.Environment{Name: "staging", Tier: "staging"})
	for _, d := range []gittest.Deployment{
		{Environment: "production", Status: "success", SHA: "a0", CreatedAt: at("2026-03-01T00:00:00Z")}, // before the window
		{Environment: "production", Status: "success", SHA: "a1", CreatedAt: at("2026-04-02T00:00:00Z")}, // d1
		{Environment: "staging", Status: "success", SHA: "a2", CreatedAt: at("2026-04-05T00:00:00Z")},    // not production
		{Environment: "production", Status: "success", SHA: "a2", CreatedAt: at("2026-04-10T00:00:00Z")}, // d2
		{Environment: "production", Status: "failed", SHA: "a3", CreatedAt: at("2026-04-20T00:00:00Z")},  // d3 failed
		{Environment: "production", Status: "success", SHA: "a3", CreatedAt: at("2026-04-21T00:00:00Z")}, // d4
		{Environment: "production", Status: "success", SHA: "a2", CreatedAt: at("2026-04-22T00:00:00Z")}, // d5: rollback to a2
		{Environment: "production", Status: "success", SHA: "a4", CreatedAt: at("2026-05-01T00:00:00Z")}, // d6
		{Environment: "production", Status: "running", SHA: "a5", CreatedAt: at("2026-06-29T00:00:00Z")}, // not finished
	} {
		gl.AddDeployment(proj, d)
	}
	gl.AddMergedMergeRequest(proj, gittest.MergeRequest{Title: "Add search", MergedAt: ptime("2026-04-03T00:00:00Z")},
		[]gittest.MRCommit{{ID: "c11", AuthoredDate: at("2026-04-01T18:00:00Z")}, {ID: "c12", AuthoredDate: at("2026-04-01T12:00:00Z")}})
	gl.AddMergedMergeRequest(proj, gittest.MergeRequest{Title: `Revert "Add search"`, MergedAt: ptime("2026-04-21T12:00:00Z")},
		[]gittest.MRCommit{{ID: "c21", AuthoredDate: at("2026-04-21T06:00:00Z")}})
	gl.AddMergedMergeRequest(proj, gittest.MergeRequest{Title: "Fix the index", Labels: []string{"hotfix"}, MergedAt: ptime("2026-04-30T12:00:00Z")},
		[]gittest.MRCommit{{ID: "c31", AuthoredDate: at("2026-04-30T00:00:00Z")}})
	gl.AddMergedMergeRequest(proj, gittest.MergeRequest{Title: "Not deployed yet", MergedAt: ptime("2026-06-02T00:00:00Z")},
		[]gittest.MRCommit{{ID: "c41", AuthoredDate: at("2026-06-01T00:00:00Z")}})
	gl.AddMergedMergeRequest(proj, gittest.MergeRequest{Title: "Other branch", TargetBranch: "release-1", MergedAt: ptime("2026-04-15T00:00:00Z")},
		[]gittest.MRCommit{{ID: "c51", AuthoredDate: at("2026-01-01T00:00:00Z")}})
	gl.AddIssue(proj, gittest.Issue{Title: "Search down", IssueType: "incident", Labels: []string{"incident"},
		CreatedAt: at("2026-04-20T10:00:00Z"), ClosedAt: ptime("2026-04-20T14:00:00Z")}) // 4h, listed twice
	gl.AddIssue(proj, gittest.Issue{Title: "Slow pages", Labels: []string{"incident", "sev2"},
		CreatedAt: at("2026-05-05T00:00:00Z"), ClosedAt: ptime("2026-05-06T00:00:00Z")}) // 24h
	gl.AddIssue(proj, gittest.Issue{Title: "Still open", IssueType: "incident", CreatedAt: at("2026-06-01T00:00:00Z")})
	gl.AddIssue(proj, gittest.Issue{Title: "A bug", Labels: []string{"bug"},
		CreatedAt: at("2026-04-10T00:00:00Z"), ClosedAt: ptime("2026-04-11T00:00:00Z")})
	return p
}

func deliveryOptions(gl *gittest.GitLab, now string) OutcomeOptions {
	return OutcomeOptions{Now: func() time.Time { return at(now) },
		GitLab: gitlab.GitLabOptions{BaseURL: gl.URL, Token: gl.Token, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond}}
}

// TestOutcomesGitLab: the measures of acme/deploys, by hand.
//
//   - Successful production deployments in the window: d1 d2 d4 d5 d6 = 5;
//     5 / 90 days = 0.0556 a day (medium: at least monthly, under weekly).
//   - Lead time, first commit to the first successful deployment after the
//     merge: "Add search" 04-01 12:00 → d2 04-10 = 204h; the revert 04-21
//     06:00 → d5 04-22 = 18h; the hotfix 04-30 → d6 05-01 = 24h; the one
//     merged 06-02 is not deployed, the one into release-1 is another
//     branch. Median 24h: elite (a day or less).
//   - Change failure rate: d3 failed; d4 is followed by the revert MR
//     (04-21 12:00) and the rollback d5 (a2 again); d5 by the hotfix MR.
//     3 of 6 deployments = 0.5 (low).
//   - Time to restore: incidents closed after 4h and 24h (the first is
//     both of type incident and labelled, counted once; the open one and
//     the bug do not count). Median 14h (high: under a day).
func TestOutcomesGitLab(t *testing.T) {
	t.Parallel()
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-outcomes"
	p := deliveryProject(gl)
	ref := source.RepoRef{Name: p.PathWithNamespace, ProjectID: p.ID, DefaultBranch: "main"}
	o := CollectOutcomes(context.Background(), ref, deliveryOptions(gl, "2026-06-30T00:00:00Z"))
	if o.WindowDays != 90 {
		t.Errorf("window = %d days", o.WindowDays)
	}
	checkMeasure(t, "deployment frequency", o.DeploymentFrequency, wantMeasure{5.0 / 90, 5, "gitlab-api", "medium", ""})
	checkMeasure(t, "lead time", o.LeadTime, wantMeasure{24, 3, "gitlab-api", "elite", ""})
	checkMeasure(t, "change failure rate", o.ChangeFailureRate, wantMeasure{0.5, 6, "gitlab-api", "low", ""})
	checkMeasure(t, "time to restore", o.TimeToRestore, wantMeasure{14, 2, "gitlab-api", "high", ""})
	if o.LeadTime.Basis != "first commit to the deployment that shipped it" {
		t.Errorf("lead time basis = %q", o.LeadTime.Basis)
	}
}

// TestOutcomesGitLabFailures: no token, a 403 on deployments, and a rate
// limit leave the measures they touch empty with the reason; a 429 with
// Retry-After that clears is waited out and changes nothing.
func TestOutcomesGitLabFailures(t *testing.T) {
	t.Parallel()
	const now = "2026-06-30T00:00:00Z"
	t.Run("no token", func(t *testing.T) {
		t.Parallel()
		gl := gittest.NewGitLab(t)
		p := deliveryProject(gl)
		opts := deliveryOptions(gl, now)
		opts.GitLab.Token = ""
		o := CollectOutcomes(context.Background(), source.RepoRef{Name: p.PathWithNamespace, ProjectID: p.ID, DefaultBranch: "main"}, opts)
		for _, name := range scorecard.MeasureNames {
			checkMeasure(t, name, *o.Get(name), empty("gitlab-api", "no GitLab token"))
		}
		if n := len(gl.Requests()); n != 0 {
			t.Errorf("%d requests without a token", n)
		}
	})
	t.Run("403 on deployments", func(t *testing.T) {
		t.Parallel()
		gl := gittest.NewGitLab(t)
		gl.Token = "glpat-outcomes"
		p := deliveryProject(gl)
		gl.Fail(gittest.Failure{Method: "GET", PathPrefix: "/api/v4/projects/" + itoa(p.ID) + "/deployments", Status: 403})
		o := CollectOutcomes(context.Background(), source.RepoRef{Name: p.PathWithNamespace, ProjectID: p.ID, DefaultBranch: "main"}, deliveryOptions(gl, now))
		checkMeasure(t, "deployment frequency", o.DeploymentFrequency, empty("gitlab-api", "403"))
		checkMeasure(t, "change failure rate", o.ChangeFailureRate, empty("gitlab-api", "403"))
		// Without deployments, lead time runs to the merge: 40.5h
		// (04-01 12:00 → 04-03), 6h, 12h, 24h; median 18h.
		checkMeasure(t, "lead time", o.LeadTime, wantMeasure{18, 4, "gitlab-api", "elite", ""})
		checkMeasure(t, "time to restore", o.TimeToRestore, wantMeasure{14, 2, "gitlab-api", "high", ""})
	})
	t.Run("429 with Retry-After", func(t *testing.T) {
		t.Parallel()
		gl := gittest.NewGitLab(t)
		gl.Token = "glpat-outcomes"
		p := deliveryProject(gl)
		gl.Fail(gittest.Failure{Method: "GET", PathPrefix: "/api/v4/projects/" + itoa(p.ID) + "/deployments", Status: 429, RetryAfter: "1"})
		start := time.Now()
		o := CollectOutcomes(context.Background(), source.RepoRef{Name: p.PathWithNamespace, ProjectID: p.ID, DefaultBranch: "main"}, deliveryOptions(gl, now))
		if waited := time.Since(start); waited < 900*time.Millisecond {
			t.Errorf("Retry-After: 1 not honoured (done in %s)", waited)
		}
		checkMeasure(t, "deployment frequency", o.DeploymentFrequency, wantMeasure{5.0 / 90, 5, "gitlab-api", "medium", ""})
		statuses := ""
		for _, r := range gl.Requests() {
			if strings.HasSuffix(r.Path, "/deployments") {
				statuses += itoa(int64(r.Status)) + " "
			}
		}
		if statuses != "429 200 " {
			t.Errorf("deployments answered %q, want 429 then 200", statuses)
		}
	})
	t.Run("rate limit outlasts the retries", func(t *testing.T) {
		t.Parallel()
		gl := gittest.NewGitLab(t)
		gl.Token = "glpat-outcomes"
		p := deliveryProject(gl)
		for range 3 {
			gl.Fail(gittest.Failure{Method: "GET", PathPrefix: "/api/v4/projects/" + itoa(p.ID) + "/environments", Status: 429, RetryAfter: "0"})
		}
		opts := deliveryOptions(gl, now)
		opts.GitLab.MaxRetries = 2
		o := CollectOutcomes(context.Background(), source.RepoRef{Name: p.PathWithNamespace, ProjectID: p.ID, DefaultBranch: "main"}, opts)
		checkMeasure(t, "deployment frequency", o.DeploymentFrequency, empty("gitlab-api", "429"))
		checkMeasure(t, "lead time", o.LeadTime, wantMeasure{18, 4, "gitlab-api", "elite", ""})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// taggedRepo is a history with release tags, a merged branch and a revert
// (dates in the comments; window 90 days to 2025-01-10):
//
//	01-01 01:00 c1                      tag v1.0.0 (lightweight: the commit's date)
//	01-02 00:00   f1 (on branch feature)
//	01-03 00:00 M1 merge of feature     tag v1.1.0 01-04 00:00
//	01-05 00:00 c2 "bad change"         tag v1.2.0 01-05 12:00
//	01-06 00:00 revert of c2            tag v1.2.1 01-06 06:00
//	01-08 00:00 c3                      (not released)
func taggedRepo(t *testing.T) *gittest.Repo {
	r := gittest.NewRepo(t)
	commit := func(date, msg string, files gittest.Files) {
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(r.Dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r.Git("add", "-A")
		gittest.GitEnv(t, r.Dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "--allow-empty", "-m", msg)
	}
	tag := func(date, name string) {
		gittest.GitEnv(t, r.Dir, []string{"GIT_COMMITTER_DATE=" + date}, "tag", "-a", "-m", name, name)
	}
	commit("2025-01-01T01:00:00Z", "c1", gittest.Files{"README.md": "one\n"})
	r.Git("tag", "v1.0.0")
	r.Git("checkout", "-q", "-b", "feature")
	commit("2025-01-02T00:00:00Z", "f1", gittest.Files{"feature.txt": "f\n"})
	r.Git("checkout", "-q", "main")
	gittest.GitEnv(t, r.Dir, []string{"GIT_AUTHOR_DATE=2025-01-03T00:00:00Z", "GIT_COMMITTER_DATE=2025-01-03T00:00:00Z"},
		"merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature")
	tag("2025-01-04T00:00:00Z", "v1.1.0")
	commit("2025-01-05T00:00:00Z", "bad change", gittest.Files{"README.md": "two\n"})
	tag("2025-01-05T12:00:00Z", "v1.2.0")
	bad := r.Head()
	gittest.GitEnv(t, r.Dir, []string{"GIT_AUTHOR_DATE=2025-01-06T00:00:00Z", "GIT_COMMITTER_DATE=2025-01-06T00:00:00Z"},
		"revert", "--no-edit", bad)
	tag("2025-01-06T06:00:00Z", "v1.2.1")
	r.Git("tag", "nightly") // not a release tag
	commit("2025-01-08T00:00:00Z", "c3", gittest.Files{"c3.txt": "3\n"})
	return r
}

// TestOutcomesGitTags: from git alone, over the loopback git server.
//
//   - Deployments: the four release tags, 4 / 90 = 0.0444 a day (medium).
//   - Lead time to the release that shipped each change: c1 0h (its own
//     tag), M1 from f1 01-02 to v1.1.0 01-04 = 48h, c2 to v1.2.0 = 12h,
//     the revert to v1.2.1 = 6h; c3 unreleased. Median (6+12)/2 = 9h.
//   - Change failure rate: the revert follows v1.2.0: 1 of 4 = 0.25 (low).
//   - Time to restore: v1.2.0 01-05 12:00 to v1.2.1 01-06 06:00 = 18h.
func TestOutcomesGitTags(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/tags", taggedRepo(t))
	opts := OutcomeOptions{Now: func() time.Time { return at("2025-01-10T00:00:00Z") }}
	o := CollectOutcomes(context.Background(), source.RepoRef{Name: "acme/tags", URL: url}, opts)
	checkMeasure(t, "deployment frequency", o.DeploymentFrequency, wantMeasure{4.0 / 90, 4, "git", "medium", ""})
	checkMeasure(t, "lead time", o.LeadTime, wantMeasure{9, 4, "git", "elite", ""})
	checkMeasure(t, "change failure rate", o.ChangeFailureRate, wantMeasure{0.25, 4, "git", "low", ""})
	checkMeasure(t, "time to restore", o.TimeToRestore, wantMeasure{18, 1, "git", "high", ""})
}

// TestOutcomesGitLabFallsBackToTags: a GitLab project without production
// deployments takes its deployments from the release tags; lead time
// still comes from its merge requests (the feature's MR, first commit
// 01-02, shipped by v1.1.0 on 01-04: 48h) and time to restore from the
// failed release (no incidents in GitLab): 18h.
func TestOutcomesGitLabFallsBackToTags(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-outcomes"
	p := gl.AddProject(gittest.Project{PathWithNamespace: "acme/tags", DefaultBranch: "main", HTTPURL: srv.Add("acme/tags", taggedRepo(t))})
	gl.AddEnvironment("acme/tags", gittest.Environment{Name: "review/x", Tier: "development"})
	gl.AddMergedMergeRequest("acme/tags", gittest.MergeRequest{Title: "Feature", MergedAt: ptime("2025-01-03T00:00:00Z")},
		[]gittest.MRCommit{{ID: "f1", AuthoredDate: at("2025-01-02T00:00:00Z")}})
	o := CollectOutcomes(context.Background(), source.RepoRef{Name: p.PathWithNamespace, URL: p.HTTPURL, ProjectID: p.ID, DefaultBranch: "main"},
		deliveryOptions(gl, "2025-01-10T00:00:00Z"))
	checkMeasure(t, "deployment frequency", o.DeploymentFrequency, wantMeasure{4.0 / 90, 4, "git", "medium", ""})
	checkMeasure(t, "lead time", o.LeadTime, wantMeasure{48, 1, "gitlab-api", "high", ""})
	checkMeasure(t, "change failure rate", o.ChangeFailureRate, wantMeasure{0.25, 4, "git", "low", ""})
	checkMeasure(t, "time to restore", o.TimeToRestore, wantMeasure{18, 1, "git", "high", ""})
}

// TestOutcomesGitWithoutTags: a local checkout without release tags has
// no deployments: frequency and failure rate are empty with the reason,
// lead time runs to the merge (c1 0h, M1 24h: median 12h).
func TestOutcomesGitWithoutTags(t *testing.T) {
	t.Parallel()
	r := taggedRepo(t)
	for _, tag := range []string{"v1.0.0", "v1.1.0", "v1.2.0", "v1.2.1"} {
		r.Git("tag", "-d", tag)
	}
	r.Git("reset", "-q", "--hard", "HEAD~3") // back to M1
	opts := OutcomeOptions{Now: func() time.Time { return at("2025-01-10T00:00:00Z") }}
	o := CollectOutcomes(context.Background(), source.RepoRef{Name: "local", Dir: r.Dir}, opts)
	checkMeasure(t, "deployment frequency", o.DeploymentFrequency, empty("git", "no release tags"))
	checkMeasure(t, "change failure rate", o.ChangeFailureRate, empty("git", "no release tags"))
	checkMeasure(t, "lead time", o.LeadTime, wantMeasure{12, 2, "git", "elite", ""})
	checkMeasure(t, "time to restore", o.TimeToRestore, empty("git", "git records no incidents"))
}
