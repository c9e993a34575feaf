package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/policies"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

type fixOptions struct {
	apply  bool
	checks []string
	format string
	mr     mrOptions
}

func newFixCmd(g *globalOptions) *cobra.Command {
	o := &fixOptions{}
	cmd := &cobra.Command{
		Use:   "fix [PATH]",
		Short: "Preview, or apply, the fixes for the failing checks",
		Long: `Compute the change that fixes each failing check (not exempt) whose policy
declares a fix, and print it as a unified diff that git apply accepts.
Nothing is written without --apply.

Fixes are part of the policies: a check declares in Rego which file to create
from which template, or which structured edit to make (a GitLab CI include, an
Actions workflow's permissions, a Dockerfile USER, ...). Edits keep the rest
of each file as it was: comments, order, indentation and line endings.

A fix whose file cannot be parsed, or that would overwrite a file, make
another check fail or write through a symbolic link, is skipped and said so.
--apply writes every file or none, and refuses when a file changed since the
diff was computed. Fixes that leave something for the team to fill in are
marked as starting points; --format json lists what remains.`,
		Example: `  score fix                         # show the diff
  score fix | git apply             # the same as --apply
  score fix --apply
  score fix --check security.sast --check security.secret-detection
  score fix --format json           # the fixes, their files and what is left to do`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if err := o.validate(args); err != nil {
				return err
			}
			return o.run(cmd, g, dir)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.apply, "apply", false, "write the changes (default: only print them)")
	f.StringArrayVar(&o.checks, "check", nil, "fix only this check id (repeatable)")
	f.StringVarP(&o.format, "format", "f", "diff", "output format: diff or json")
	f.BoolVar(&o.mr.mr, "mr", false, "propose the fixes as one merge request from the branch score/fix (GitLab; needs SCORE_GITLAB_TOKEN)")
	f.StringVar(&o.mr.gitlabURL, "gitlab-url", "", "GitLab base URL (default: CI_SERVER_URL, else https://gitlab.com)")
	f.StringVar(&o.mr.project, "project", "", "GitLab project of PATH (default: CI_PROJECT_PATH, else the origin remote)")
	f.StringVar(&o.mr.target, "target", "", "branch the merge request targets (default: the default branch)")
	f.StringVar(&o.mr.reposFile, "repos", "", "with --mr: file listing repositories (as for score scan) to propose fixes to")
	f.StringVar(&o.mr.gitlabGroup, "gitlab-group", "", "with --mr: GitLab group whose projects (subgroups included) get fixes proposed")
	f.BoolVar(&o.mr.yes, "yes", false, "with --repos/--gitlab-group: open or update the merge requests (default: a dry run)")
	f.IntVarP(&o.mr.concurrency, "concurrency", "j", 4, "with --repos/--gitlab-group: repositories handled at once")
	return cmd
}

func (o *fixOptions) validate(args []string) error {
	var problems []string
	if o.format != "diff" && o.format != "json" {
		problems = append(problems, fmt.Sprintf("--format %q: use diff or json", o.format))
	}
	problems = append(problems, o.mr.validate(o.apply, args)...)
	if len(problems) > 0 {
		return usageErrorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// fixPlan is the outcome of planning the fixes of one repository.
type fixPlan struct {
	Fixes   []fix.Fix
	Changes []fix.Change
	Before  scorecard.Repo
	// After is the repository scored with the changes laid over it.
	After scorecard.Repo
}

func (o *fixOptions) run(cmd *cobra.Command, g *globalOptions, dir string) error {
	ctx := cmd.Context()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := checkFolder(dir, abs); err != nil {
		return err
	}
	p, cfg, err := loadPipeline(ctx, g)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, c := range p.Engine.Checks() {
		known[c.ID] = true
	}
	var unknown []string
	for _, id := range o.checks {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return usageErrorf("--check: unknown check id %s (see 'score policy list')", strings.Join(unknown, ", "))
	}
	tmpls, err := fix.LoadTemplates(policies.Templates(), append(slices.Clone(cfg.Policies), g.policies...))
	if err != nil {
		return &exitError{code: ExitUsage, msg: "load fix templates: " + err.Error()}
	}
	if o.mr.many() {
		return o.mr.proposeMany(ctx, g, p, tmpls, o.checks, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return err
	}
	defer root.Close()
	info := facts.RepoInfo{Name: filepath.Base(abs), Commit: app.HeadCommit(abs)}
	branch := defaultBranch(abs)
	plan, err := planFixes(ctx, p, tmpls, root, os.DirFS(abs), info, branch, o.checks)
	if err != nil {
		return err
	}
	if o.mr.mr {
		printFixSummary(cmd.ErrOrStderr(), plan)
		if len(plan.Changes) == 0 {
			fmt.Fprintln(cmd.OutOrStdout(), "nothing to fix: no merge request proposed")
			return nil
		}
		return o.mr.proposeOne(ctx, g, plan, abs, branch, cmd.OutOrStdout())
	}
	out := cmd.OutOrStdout()
	if o.format == "json" {
		if err := writeFixJSON(out, plan); err != nil {
			return err
		}
	} else if err := fix.WriteDiff(out, plan.Changes); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	if o.format == "diff" {
		printFixSummary(stderr, plan)
	}
	if !o.apply || len(plan.Changes) == 0 {
		return nil
	}
	if err := fix.Apply(root, plan.Changes); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "applied: %d file(s) written; score %.0f -> %.0f\n", len(plan.Changes), plan.Before.Score, plan.After.Score)
	return nil
}

// planFixes scores the tree, asks the policies of its failing checks for
// their fixes and plans them. A fix that would make another check worse
// (a pass or skip turning into a fail or error) is dropped and reported
// as skipped.
func planFixes(ctx context.Context, p *app.Pipeline, tmpls *fix.Templates, root *os.Root, fsys fs.FS, info facts.RepoInfo, branch string, only []string) (*fixPlan, error) {
	res := p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fsys})
	if res.Repo.Error != "" {
		return nil, fmt.Errorf("%s: %s", info.Name, res.Repo.Error)
	}
	var ids []string
	titles := map[string]string{}
	for _, c := range res.Repo.Checks {
		if c.Outcome == scorecard.Fail && (len(only) == 0 || slices.Contains(only, c.ID)) {
			ids = append(ids, c.ID)
			titles[c.ID] = c.Title
		}
	}
	raw, err := p.Engine.Fixes(ctx, res.Facts, ids)
	if err != nil {
		return nil, err
	}
	var checks []fix.CheckFixes
	for _, id := range ids {
		if len(raw[id]) == 0 {
			continue
		}
		cf := fix.CheckFixes{ID: id, Title: titles[id]}
		for _, r := range raw[id] {
			d, err := fix.ParseDecl(r)
			if err != nil {
				return nil, fmt.Errorf("check %s: %w", id, err)
			}
			cf.Decls = append(cf.Decls, d)
		}
		checks = append(checks, cf)
	}
	planner := &fix.Planner{Root: root, FS: fsys, Templates: tmpls, Data: templateData(p, res, info, branch)}
	score := func(changes []fix.Change) scorecard.Repo {
		return p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fix.Overlay(fsys, changes)}).Repo
	}
	fixes, changes := planner.Plan(checks)
	after := score(changes)
	if len(worse(res.Repo, after, fixes)) > 0 {
		// Find the culprits: add the checks' fixes one at a time and keep
		// those that leave every other check as it was.
		var kept []fix.CheckFixes
		rejected := map[string]string{}
		for _, cf := range checks {
			try := append(slices.Clone(kept), cf)
			fx, ch := planner.Plan(try)
			if w := worse(res.Repo, score(ch), fx); len(w) > 0 {
				rejected[cf.ID] = "it would make " + strings.Join(w, ", ") + " fail; left to a person"
				continue
			}
			kept = try
		}
		fixes, changes = planner.Plan(kept)
		after = score(changes)
		for id, why := range rejected {
			fixes = append(fixes, fix.Fix{Check: id, Title: titles[id], Skipped: why})
		}
	}
	// A fix that does not make its check pass is still offered (it gets
	// the team closer) but says so.
	outcome := map[string]scorecard.CheckResult{}
	for _, c := range after.Checks {
		outcome[c.ID] = c
	}
	for i := range fixes {
		f := &fixes[i]
		if f.Skipped == "" && outcome[f.Check].Outcome == scorecard.Fail {
			msg := "the check still fails after this change"
			if fds := outcome[f.Check].Findings; len(fds) > 0 {
				msg += ": " + fds[0].Message
			}
			f.Notes = append(f.Notes, msg)
			f.Complete = false
		}
	}
	slices.SortFunc(fixes, func(a, b fix.Fix) int { return strings.Compare(a.Check, b.Check) })
	return &fixPlan{Fixes: fixes, Changes: changes, Before: res.Repo, After: after}, nil
}

// worse lists the checks that pass or skip before and fail or error after,
// leaving out the checks being fixed.
func worse(before, after scorecard.Repo, fixes []fix.Fix) []string {
	fixing := map[string]bool{}
	for _, f := range fixes {
		if f.Skipped == "" {
			fixing[f.Check] = true
		}
	}
	was := map[string]scorecard.Outcome{}
	for _, c := range before.Checks {
		was[c.ID] = c.Outcome
	}
	bad := func(o scorecard.Outcome) bool { return o == scorecard.Fail || o == scorecard.Error }
	var out []string
	for _, c := range after.Checks {
		if !fixing[c.ID] && bad(c.Outcome) && !bad(was[c.ID]) {
			out = append(out, c.ID)
		}
	}
	slices.Sort(out)
	return out
}

// templateData gathers what fix templates are filled from.
func templateData(p *app.Pipeline, res app.Result, info facts.RepoInfo, branch string) fix.Data {
	f := res.Facts
	d := fix.Data{
		Name:          catalogName(info.Name),
		Type:          "library",
		DefaultBranch: branch,
		Languages:     f.Files.Languages,
	}
	if f.Repo.DefaultBranch != "" {
		d.DefaultBranch = f.Repo.DefaultBranch
	}
	if team := p.Team(f, info); team != "" && team != scorecard.Unowned {
		d.Team = team
	}
	if len(f.Containers.Dockerfiles) > 0 || len(f.Containers.Builders) > 0 || len(f.Kubernetes.Workloads) > 0 {
		d.Type = "service"
	}
	for _, m := range f.Dependencies.Manifests {
		if !slices.Contains(d.Ecosystems, m.Ecosystem) {
			d.Ecosystems = append(d.Ecosystems, m.Ecosystem)
		}
	}
	slices.Sort(d.Ecosystems)
	for _, df := range f.Containers.Dockerfiles {
		if df.FinalStage != nil && df.FinalStage.Base != nil && !slices.Contains(d.Images, df.FinalStage.Base.Image) {
			d.Images = append(d.Images, df.FinalStage.Base.Image)
		}
	}
	url := strings.ToLower(f.Repo.URL)
	hasPrefix := func(prefix string) bool {
		return slices.ContainsFunc(f.Files.Paths, func(p string) bool { return strings.HasPrefix(p, prefix) })
	}
	switch {
	case strings.Contains(url, "github.com"):
		d.Host = "github"
	case strings.Contains(url, "gitlab"), hasPrefix(".gitlab-ci.y"), hasPrefix(".gitlab/"):
		d.Host = "gitlab"
	case hasPrefix(".github/"):
		d.Host = "github"
	}
	return d
}

var notCatalogName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// catalogName makes a repository name a valid Backstage entity name.
func catalogName(name string) string {
	n := strings.Trim(notCatalogName.ReplaceAllString(name, "-"), "-_.")
	if len(n) > 63 {
		n = strings.TrimRight(n[:63], "-_.")
	}
	if n == "" {
		n = "service"
	}
	return n
}

// defaultBranch names the branch fix templates run CI on: the repository's
// default branch when git knows it, else main.
func defaultBranch(dir string) string {
	ref, err := source.DefaultBaseRef(dir)
	if err != nil {
		return "main"
	}
	ref = strings.TrimPrefix(ref, "origin/")
	if ref == "HEAD" || ref == "" {
		return "main"
	}
	return ref
}

// fixJSON is the --format json document.
type fixJSON struct {
	Repo        string    `json:"repo"`
	ScoreBefore float64   `json:"score_before"`
	ScoreAfter  float64   `json:"score_after"`
	LevelBefore string    `json:"level_before"`
	LevelAfter  string    `json:"level_after"`
	Fixes       []fix.Fix `json:"fixes"`
	Files       []string  `json:"files"`
}

func writeFixJSON(w io.Writer, plan *fixPlan) error {
	doc := fixJSON{
		Repo:        plan.Before.Name,
		ScoreBefore: plan.Before.Score, ScoreAfter: plan.After.Score,
		LevelBefore: plan.Before.Level, LevelAfter: plan.After.Level,
		Fixes: plan.Fixes, Files: []string{},
	}
	if doc.Fixes == nil {
		doc.Fixes = []fix.Fix{}
	}
	for _, c := range plan.Changes {
		doc.Files = append(doc.Files, c.Path)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// printFixSummary tells, on stderr, what the diff fixes and what it does
// not, so that stdout stays a clean patch.
func printFixSummary(w io.Writer, plan *fixPlan) {
	if len(plan.Fixes) == 0 {
		fmt.Fprintln(w, "score fix: no failing check has a fix")
		return
	}
	for _, f := range plan.Fixes {
		switch {
		case f.Skipped != "":
			fmt.Fprintf(w, "skipped  %s: %s\n", f.Check, f.Skipped)
		case f.Complete && len(f.Notes) > 0:
			fmt.Fprintf(w, "fixes    %s (%s); note: %s\n", f.Check, strings.Join(f.Files, ", "), strings.Join(f.Notes, "; "))
		case f.Complete:
			fmt.Fprintf(w, "fixes    %s (%s)\n", f.Check, strings.Join(f.Files, ", "))
		default:
			fmt.Fprintf(w, "starts   %s (%s): still to do: %s\n", f.Check, strings.Join(f.Files, ", "), strings.Join(append(slices.Clone(f.Todo), f.Notes...), "; "))
		}
	}
	if len(plan.Changes) > 0 {
		fmt.Fprintf(w, "score %.0f -> %.0f (%s -> %s) once applied\n", plan.Before.Score, plan.After.Score, levelName(plan.Before.Level), levelName(plan.After.Level))
	}
}

func levelName(l string) string {
	if l == "" {
		return "no level"
	}
	return l
}

// fixableChecks returns the failing checks of res whose policy declares,
// for these facts, a fix score fix can make offline, for the reports to
// mark. A problem evaluating fixes only drops the marks.
func fixableChecks(ctx context.Context, p *app.Pipeline, res app.Result) map[string]bool {
	var ids []string
	for _, c := range res.Repo.Checks {
		if c.Outcome == scorecard.Fail {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 || res.Facts == nil {
		return nil
	}
	raw, err := p.Engine.Fixes(ctx, res.Facts, ids)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for id, decls := range raw {
		for _, r := range decls {
			if d, err := fix.ParseDecl(r); err == nil && d.Manual == "" {
				out[id] = true
			}
		}
	}
	return out
}
