package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/fix"
	"github.com/scoredev/score/policies"
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
	branch := app.DefaultBranch(abs)
	plan, err := app.PlanFixes(ctx, p, tmpls, root, os.DirFS(abs), info, branch, o.checks)
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

func writeFixJSON(w io.Writer, plan *app.FixPlan) error {
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
	return writeIndentedJSON(w, doc)
}

// printFixSummary tells, on stderr, what the diff fixes and what it does
// not, so that stdout stays a clean patch.
func printFixSummary(w io.Writer, plan *app.FixPlan) {
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
