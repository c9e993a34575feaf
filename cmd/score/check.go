package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/reports"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

type checkOptions struct {
	component componentFlag
	format    string
	out       string
	enforce   string
	base      string
	noCompare bool
	explain   string
	strict    bool
}

func newCheckCmd(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Score the repository in a folder (default: the current one)",
		Long: `Score the repository in PATH against the golden path and show, per
category, which checks pass, which fail and how to fix them.

Inside a git repository, check also scores the merge base of HEAD with the
default branch (--base REF, else origin/HEAD, main or master), read straight
from git objects, and shows what the change does: score and level before and
after, the checks it fixes, the checks it breaks and its new findings.

No server and no token are needed. check exits 0 whatever the score unless
--enforce LEVEL is given, in which case it exits 3 when the repository is
below LEVEL.`,
		Example: `  score check
  score check ./services/payments --format json
  score check --base origin/release-2.x # compare with another branch
  score check --enforce silver          # exit 3 below silver
  score check --explain test.unit-tests # why a check passes, fails or skips
  score check --policy ./our-policies   # add or override checks`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			deferFirstGC(g.getenv)
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if err := o.validate(); err != nil {
				return err
			}
			return o.run(cmd, g, dir)
		},
	}
	f := cmd.Flags()
	o.component.add(f)
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+strings.Join(reports.Formats(), ", "))
	f.StringVarP(&o.out, "out", "o", "", "write the report to this file instead of standard output")
	f.StringVar(&o.enforce, "enforce", "", "exit 3 when the level is below this one (bronze, silver, gold)")
	f.StringVar(&o.base, "base", "", "branch or commit to compare with (default: origin/HEAD, main or master)")
	f.BoolVar(&o.noCompare, "no-compare", false, "do not compare with the merge base")
	f.StringVar(&o.explain, "explain", "", "show one check's outcome, the reason for it and the evidence it rests on")
	addStrictFlag(f, &o.strict)
	return cmd
}

func (o *checkOptions) validate() error {
	var problems []string
	if !slices.Contains(reports.Formats(), o.format) {
		problems = append(problems, fmt.Sprintf("--format %q: known formats are %s", o.format, strings.Join(reports.Formats(), ", ")))
	}
	if o.enforce != "" && !config.ValidLevel(o.enforce) {
		problems = append(problems, fmt.Sprintf("--enforce %q: use bronze, silver or gold", o.enforce))
	}
	if len(problems) > 0 {
		return usageErrorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func (o *checkOptions) run(cmd *cobra.Command, g *globalOptions, dir string) error {
	ctx := cmd.Context()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := checkFolder(dir, abs); err != nil {
		return err
	}
	started := time.Now().UTC()
	p, cfg, err := loadPipeline(ctx, g)
	if err != nil {
		return err
	}
	// One repository: its components are scored side by side.
	p.ComponentConcurrency = runtime.GOMAXPROCS(0)
	o.component.apply(p)
	if o.enforce == "" {
		o.enforce = cfg.Enforce
	}
	info := facts.RepoInfo{Name: filepath.Base(abs), Commit: app.HeadCommit(abs)}
	fsys, err := source.DirFS(abs)
	if err != nil {
		return err
	}
	var pending *pendingBase
	if !o.noCompare {
		pending = startBase(ctx, func(ctx context.Context) (app.Base, error) { return app.ScoreMergeBase(ctx, p, abs, o.base) })
		defer pending.stop()
	}
	res := p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: info, FS: fsys})
	if res.Repo.Error != "" {
		return fmt.Errorf("%s: %s", dir, res.Repo.Error)
	}
	var comparison *scorecard.Comparison
	headLabel := ""
	if pending != nil {
		if comparison, headLabel, err = o.compare(pending, abs, res.Repo, cmd.ErrOrStderr()); err != nil {
			return err
		}
	}
	scan := app.ScanDocument(p, toolVersion(), started, []scorecard.Repo{res.Repo})
	if o.explain != "" {
		return explainCheck(cmd.OutOrStdout(), res.Repo, o.explain)
	}
	// The terminal table has a Warnings section; any other report gets
	// them on stderr, once.
	if o.format != "table" || (o.out != "" && o.out != "-") {
		printWarnings(cmd.ErrOrStderr(), res.Repo.Warnings)
	}
	opts := reports.Options{Comparison: comparison, HeadLabel: headLabel,
		Anchor: reports.AnchorFile(fsys), Exists: reports.FileExists(fsys)}
	if reports.MarksFixable(o.format) {
		opts.Fixable = app.FixableChecks(ctx, p, res)
	}
	if err := writeReport(cmd.OutOrStdout(), o.out, o.format, scan, opts, g); err != nil {
		return fmt.Errorf("render %s: %w", o.format, err)
	}
	if err := strictErrors(o.strict, scan.Repos); err != nil {
		return err
	}
	return enforce(o.enforce, res.Repo.Level)
}

// compare compares the merge base with the working tree, limiting new
// findings to the files the change touched (merge base..HEAD plus the
// working tree). A folder outside git has nothing to compare with; a
// --base that names nothing is a usage error; any other problem is said on
// stderr and the check goes on without a comparison.
func (o *checkOptions) compare(pending *pendingBase, abs string, head scorecard.Repo, stderr io.Writer) (*scorecard.Comparison, string, error) {
	base, err := pending.result()
	if err != nil {
		if o.base != "" && errors.Is(err, source.ErrUnknownRevision) {
			return nil, "", usageErrorf("--base %q: no such branch, tag or commit in %s", o.base, abs)
		}
		if !errors.Is(err, app.ErrNoRepository) || o.base != "" {
			fmt.Fprintf(stderr, "note: no comparison with the base: %v\n", err)
		}
		return nil, "", nil
	}
	if base.FilesErr != nil {
		fmt.Fprintf(stderr, "note: cannot tell which files the change touched, so every new finding is shown: %v\n", base.FilesErr)
	}
	label := ""
	if base.Dirty {
		label = workingTreeLabel
	}
	return base.Compare(head), label, nil
}

// workingTreeLabel names the head of a comparison whose working tree has
// uncommitted changes: HEAD's commit would name the base's twin.
const workingTreeLabel = "working tree (uncommitted changes)"

// checkFolder is the usage error for a PATH argument that is no folder,
// saying why: "does not exist" is not "is a file".
func checkFolder(dir, abs string) error {
	st, err := os.Stat(abs)
	if err != nil {
		return usageErrorf("%s: %v", dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return usageErrorf("%s is not a folder", dir)
	}
	return nil
}

// enforce returns the below-level exit error when level is under want.
func enforce(want, level string) error {
	if want == "" || scorecard.LevelRank(level) >= scorecard.LevelRank(want) {
		return nil
	}
	return &exitError{code: ExitBelowLevel, msg: fmt.Sprintf("level %s is below the enforced level %s", level, want)}
}

// printWarnings writes warnings as "path:line: message" lines, the form
// editors and CI logs link to.
func printWarnings(w io.Writer, ws []scorecard.Warning) {
	for _, x := range ws {
		loc := x.Path
		if x.Line > 0 {
			loc = fmt.Sprintf("%s:%d", x.Path, x.Line)
		}
		if loc != "" {
			loc += ": "
		}
		fmt.Fprintf(w, "warning: %s%s\n", loc, x.Message)
	}
}
