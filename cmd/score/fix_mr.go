package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	sourcegitlab "github.com/scoredev/score/source/gitlab"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
	"golang.org/x/sync/errgroup"

	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/fix/gitlabmr"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/source"
)

// mrOptions are the flags of score fix --mr.
type mrOptions struct {
	mr          bool
	gitlabURL   string
	project     string
	target      string
	reposFile   string
	gitlabGroup string
	yes         bool
	concurrency int
}

func (o *mrOptions) many() bool { return o.reposFile != "" || o.gitlabGroup != "" }

func (o *mrOptions) validate(apply bool, args []string) []string {
	var problems []string
	if !o.mr && (o.many() || o.yes || o.project != "" || o.target != "") {
		problems = append(problems, "--repos, --gitlab-group, --yes, --project and --target go with --mr")
	}
	if o.mr && apply {
		problems = append(problems, "--apply writes the checkout and --mr proposes a merge request: choose one")
	}
	if o.many() && len(args) > 0 {
		problems = append(problems, "PATH and --repos/--gitlab-group: choose one")
	}
	if o.many() && o.project != "" {
		problems = append(problems, "--project names one project; it does not go with --repos/--gitlab-group")
	}
	if o.concurrency < 1 {
		problems = append(problems, "--concurrency must be at least 1")
	}
	return problems
}

func (o *mrOptions) gitlabBase(g *globalOptions) string {
	return strings.TrimRight(gitlabBase(o.gitlabURL, g), "/")
}

func (o *mrOptions) client(g *globalOptions) (*gitlab.Client, error) {
	token, _ := g.token()
	if token == "" || g.getenv("SCORE_GITLAB_TOKEN") == "" && g.getenv("GITLAB_TOKEN") == "" {
		return nil, usageErrorf("--mr needs SCORE_GITLAB_TOKEN (or GITLAB_TOKEN) holding a token with the api scope; a CI job token cannot create commits or merge requests")
	}
	return sourcegitlab.NewClient(o.gitlabBase(g), token)
}

// projectOfCheckout finds the GitLab project of a checkout: --project, then
// CI_PROJECT_PATH, then the path of the origin remote's URL.
func (o *mrOptions) projectOfCheckout(g *globalOptions, dir string) (string, error) {
	if o.project != "" {
		return o.project, nil
	}
	if v := g.getenv("CI_PROJECT_PATH"); v != "" {
		return v, nil
	}
	if origin, err := source.OriginURL(dir); err == nil {
		if ref, err := source.ParseRepoURL(origin); err == nil {
			return ref.Name, nil
		}
	}
	return "", usageErrorf("%s: cannot tell the GitLab project (no origin remote); name it with --project group/name", dir)
}

// proposeOne proposes a checkout's fixes as a merge request.
func (o *mrOptions) proposeOne(ctx context.Context, g *globalOptions, plan *app.FixPlan, abs, branch string, stdout io.Writer) error {
	project, err := o.projectOfCheckout(g, abs)
	if err != nil {
		return err
	}
	target := o.target
	if target == "" {
		target = branch
	}
	client, err := o.client(g)
	if err != nil {
		return err
	}
	res, err := gitlabmr.Propose(ctx, client, mrProposal(project, target, plan), gitlabmr.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", project, err)
	}
	fmt.Fprintln(stdout, mrLine(project, res, plan))
	return nil
}

func mrLine(project string, res gitlabmr.Result, plan *app.FixPlan) string {
	switch res.Action {
	case gitlabmr.Skipped:
		return fmt.Sprintf("%s: skipped: %s", project, res.Reason)
	case gitlabmr.Unchanged:
		return fmt.Sprintf("%s: merge request !%d is up to date (%s)", project, res.IID, res.WebURL)
	}
	return fmt.Sprintf("%s: merge request !%d %s with %d fix(es), score %.0f -> %.0f (%s)", project, res.IID, res.Action, countFixed(plan), plan.Before.Score, plan.After.Score, res.WebURL)
}

func countFixed(plan *app.FixPlan) int {
	n := 0
	for _, f := range plan.Fixes {
		if f.Skipped == "" {
			n++
		}
	}
	return n
}

// mrProposal titles and describes a merge request with the checks it
// fixes and the score before and after.
func mrProposal(project, target string, plan *app.FixPlan) gitlabmr.Proposal {
	var b strings.Builder
	n := countFixed(plan)
	fmt.Fprintf(&b, "`score fix` proposes changes for %d failing check(s) of the golden path.\n\n", n)
	fmt.Fprintf(&b, "**Score %.0f → %.0f** (%s → %s) once merged.\n\n", plan.Before.Score, plan.After.Score, levelName(plan.Before.Level), levelName(plan.After.Level))
	b.WriteString("| Check | Files | Status |\n| --- | --- | --- |\n")
	var skipped []fix.Fix
	for _, f := range plan.Fixes {
		if f.Skipped != "" {
			skipped = append(skipped, f)
			continue
		}
		status := "complete"
		if !f.Complete {
			status = "starting point: " + strings.Join(f.Todo, "; ")
		}
		if len(f.Notes) > 0 {
			status += " (note: " + strings.Join(f.Notes, "; ") + ")"
		}
		fmt.Fprintf(&b, "| `%s` %s | %s | %s |\n", f.Check, mdEscape(f.Title), "`"+strings.Join(f.Files, "`, `")+"`", mdEscape(status))
	}
	if len(skipped) > 0 {
		b.WriteString("\nNot fixed here:\n\n")
		for _, f := range skipped {
			fmt.Fprintf(&b, "- `%s`: %s\n", f.Check, mdEscape(f.Skipped))
		}
	}
	fmt.Fprintf(&b, "\nThis branch (`%s`) is rewritten by `score fix --mr` whenever the fixes change; close the merge request to decline them. To make the same change locally, run `score fix --apply` on `%s`.\n", gitlabmr.Branch, target)
	return gitlabmr.Proposal{
		Project: project, Target: target, Changes: plan.Changes,
		Title:       fmt.Sprintf("score fix: %d golden-path check(s), score %.0f → %.0f", n, plan.Before.Score, plan.After.Score),
		Description: b.String(),
	}
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// proposeMany runs score fix over many repositories and proposes a merge
// request to each, or with dry (the default) says what it would do.
func (o *mrOptions) proposeMany(ctx context.Context, g *globalOptions, p *app.Pipeline, tmpls *fix.Templates, only []string, stdout, stderr io.Writer) error {
	so := &scanOptions{reposFile: o.reposFile, gitlabGroup: o.gitlabGroup, gitlabURL: o.gitlabURL}
	refs, err := so.gather(ctx, g, stderr)
	if err != nil {
		return err
	}
	if len(refs) == 0 {
		return usageErrorf("no repositories to fix")
	}
	var client *gitlab.Client
	if o.yes {
		if client, err = o.client(g); err != nil {
			return err
		}
	}
	token, user := g.token()
	auth := source.Auth{Token: token, Username: user, Hosts: []string{tokenOrigin(o.gitlabBase(g))}}
	type outcome struct {
		line   string
		action string
	}
	results := make([]outcome, len(refs))
	var mu sync.Mutex
	grp, gctx := errgroup.WithContext(ctx)
	grp.SetLimit(o.concurrency)
	for i, ref := range refs {
		grp.Go(func() error {
			line, action := o.proposeRef(gctx, p, tmpls, only, client, auth, ref)
			mu.Lock()
			results[i] = outcome{line, action}
			mu.Unlock()
			return nil
		})
	}
	_ = grp.Wait()
	counts := map[string]int{}
	for _, r := range results {
		fmt.Fprintln(stdout, r.line)
		counts[r.action]++
	}
	var parts []string
	for _, a := range []string{"would propose", "opened", "updated", "unchanged", "nothing to fix", "skipped", "failed"} {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[a], a))
		}
	}
	fmt.Fprintf(stdout, "%s: %s\n", count(len(refs), "repository", "repositories"), strings.Join(parts, ", "))
	if !o.yes && counts["would propose"] > 0 {
		fmt.Fprintln(stderr, "dry run: nothing was sent; add --yes to open or update the merge requests")
	}
	if counts["failed"] > 0 {
		return fmt.Errorf("%d of %s failed", counts["failed"], count(len(refs), "repository", "repositories"))
	}
	return ctx.Err()
}

func (o *mrOptions) proposeRef(ctx context.Context, p *app.Pipeline, tmpls *fix.Templates, only []string, client *gitlab.Client, auth source.Auth, ref source.RepoRef) (string, string) {
	project := ref.Name // a display name from --repos; the project path comes from the URL
	if ref.URL != "" {
		if u, err := source.ParseRepoURL(ref.URL); err == nil {
			project = u.Name
		}
	}
	snap, err := source.Load(ctx, ref, source.CloneOptions{Auth: auth})
	if err != nil {
		return fmt.Sprintf("%s: failed: %v", project, err), "failed"
	}
	target := cmp.Or(snap.Info.DefaultBranch, ref.DefaultBranch, "main")
	plan, err := app.PlanFixes(ctx, p, tmpls, nil, snap.FS, snap.Info, target, only)
	if err != nil {
		return fmt.Sprintf("%s: failed: %v", project, err), "failed"
	}
	if len(plan.Changes) == 0 {
		return fmt.Sprintf("%s: nothing to fix", project), "nothing to fix"
	}
	if client == nil {
		return fmt.Sprintf("%s: would propose %d fix(es) on %s, score %.0f -> %.0f", project, countFixed(plan), target, plan.Before.Score, plan.After.Score), "would propose"
	}
	res, err := gitlabmr.Propose(ctx, client, mrProposal(project, target, plan), gitlabmr.Options{})
	if err != nil {
		return fmt.Sprintf("%s: failed: %v", project, err), "failed"
	}
	return mrLine(project, res, plan), string(res.Action)
}
