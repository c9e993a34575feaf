package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/source/gitlab"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/reports"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

// defaultArtifacts are what `score ci` writes unless told otherwise; the
// example job wires them into GitLab's report artifacts.
var defaultArtifacts = []output{
	{format: "codequality", path: "gl-code-quality-report.json"},
	{format: "junit", path: "score-junit.xml"},
	{format: "sarif", path: "score.sarif"},
	{format: "markdown", path: "score-summary.md"},
}

type output struct{ format, path string }

type ciOptions struct {
	component   componentFlag
	outputs     []string
	noDefaults  bool
	enforce     string
	base        string
	noNote      bool
	parsed      []output
	noteTimeout time.Duration
	artifacts   string
	strict      bool
}

// ciEnv is what GitLab's predefined variables say about the pipeline.
type ciEnv struct {
	projectDir, pipelineSource, apiURL, projectID, projectPath string
	mrIID                                                      int64
	diffBaseSHA, commitSHA                                     string
}

func readCIEnv(getenv func(string) string) (ciEnv, error) {
	e := ciEnv{
		projectDir:     getenv("CI_PROJECT_DIR"),
		pipelineSource: getenv("CI_PIPELINE_SOURCE"),
		apiURL:         getenv("CI_API_V4_URL"),
		projectID:      getenv("CI_PROJECT_ID"),
		projectPath:    getenv("CI_PROJECT_PATH"),
		diffBaseSHA:    getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA"),
		commitSHA:      getenv("CI_COMMIT_SHA"),
	}
	if v := getenv("CI_MERGE_REQUEST_IID"); v != "" {
		iid, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return e, usageErrorf("CI_MERGE_REQUEST_IID=%q is not a number", v)
		}
		e.mrIID = iid
	}
	return e, nil
}

// mergeRequest reports whether this is a merge-request pipeline.
func (e ciEnv) mergeRequest() bool {
	return e.mrIID > 0 && (e.pipelineSource == "" || e.pipelineSource == "merge_request_event")
}

func newCICmd(g *globalOptions) *cobra.Command {
	o := &ciOptions{}
	cmd := &cobra.Command{
		Use:   "ci [PATH]",
		Short: "Advisory gate for GitLab merge-request pipelines: score, compare, report, comment",
		Long: `Score the checkout in a GitLab CI job (PATH, else CI_PROJECT_DIR, else the
current folder). In a merge-request pipeline it also scores the merge request's
base commit (CI_MERGE_REQUEST_DIFF_BASE_SHA; fetched when a shallow clone lacks
it) and shows what the change fixes and breaks.

It writes report artifacts, by default:
  gl-code-quality-report.json  (artifacts:reports:codequality)
  score-junit.xml              (artifacts:reports:junit)
  score.sarif                  (SARIF 2.1.0)
  score-summary.md             (the merge-request note's Markdown)
and creates or updates exactly one note on the merge request when
SCORE_GITLAB_TOKEN holds a token with the api scope. CI_JOB_TOKEN cannot post
notes: without SCORE_GITLAB_TOKEN the note is skipped and the artifacts are
still written.

score ci is advisory: it exits 0 whatever the score. A team opts in to
enforcement with --enforce LEVEL (exit 3 below it); a job with
'allow_failure: {exit_codes: [3]}' then shows a warning instead of failing.`,
		Example: `  score ci
  score ci --enforce silver
  score ci --output html=public/score.html --output json=score.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			deferFirstGC(g.getenv)
			if err := o.validate(); err != nil {
				return err
			}
			env, err := readCIEnv(g.getenv)
			if err != nil {
				return err
			}
			dir := env.projectDir
			if len(args) == 1 {
				dir = args[0]
			}
			if dir == "" {
				dir = "."
			}
			return o.run(cmd, g, env, dir)
		},
	}
	f := cmd.Flags()
	o.component.add(f)
	f.StringArrayVar(&o.outputs, "output", nil, "extra report as FORMAT=PATH (repeatable), e.g. html=score.html")
	f.BoolVar(&o.noDefaults, "no-default-artifacts", false, "write only the --output reports")
	f.StringVar(&o.enforce, "enforce", "", "exit 3 when the level is below this one (bronze, silver, gold)")
	f.StringVar(&o.base, "base", "", "commit to compare with (default: CI_MERGE_REQUEST_DIFF_BASE_SHA in merge-request pipelines)")
	f.BoolVar(&o.noNote, "no-note", false, "do not comment on the merge request")
	addStrictFlag(f, &o.strict)
	f.DurationVar(&o.noteTimeout, "note-timeout", 60*time.Second, "time limit for commenting on the merge request")
	f.StringVar(&o.artifacts, "artifacts-dir", ".", "folder for the default artifacts and relative --output paths")
	return cmd
}

func (o *ciOptions) validate() error {
	var problems []string
	if !o.noDefaults {
		o.parsed = append(o.parsed, defaultArtifacts...)
	}
	for _, spec := range o.outputs {
		format, path, ok := strings.Cut(spec, "=")
		if !ok || path == "" || !slices.Contains(reports.Formats(), format) {
			problems = append(problems, fmt.Sprintf("--output %q: use FORMAT=PATH with FORMAT one of %s", spec, strings.Join(reports.Formats(), ", ")))
			continue
		}
		o.parsed = append(o.parsed, output{format: format, path: path})
	}
	if o.enforce != "" && !config.ValidLevel(o.enforce) {
		problems = append(problems, fmt.Sprintf("--enforce %q: use bronze, silver or gold", o.enforce))
	}
	if len(problems) > 0 {
		return usageErrorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func (o *ciOptions) run(cmd *cobra.Command, g *globalOptions, env ciEnv, dir string) error {
	ctx := cmd.Context()
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	abs, err := filepath.Abs(dir)
	if err != nil {
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
	name := env.projectPath
	if name == "" {
		name = filepath.Base(abs)
	}
	commit := env.commitSHA
	if commit == "" {
		commit = app.HeadCommit(abs)
	}
	fsys, err := source.DirFS(abs)
	if err != nil {
		return err
	}
	// The base (fetched first when the shallow checkout lacks it) is
	// scored while the head is: they meet only when compared.
	base := o.base
	if base == "" && env.mergeRequest() {
		base = env.diffBaseSHA
	}
	var pending *pendingBase
	if base != "" {
		auth := baseAuth(g)
		pending = startBase(ctx, func(ctx context.Context) (app.Base, error) { return app.ScoreBase(ctx, p, abs, base, auth) })
		defer pending.stop()
	}
	res := p.ScoreSnapshot(ctx, snapshot.Snapshot{Info: facts.RepoInfo{Name: name, Commit: commit}, FS: fsys})
	if res.Repo.Error != "" {
		return fmt.Errorf("%s: %s", dir, res.Repo.Error)
	}
	// The warnings are in the table written to stdout below: not twice.

	var comparison *scorecard.Comparison
	if pending != nil {
		b, err := pending.result()
		if err == nil {
			comparison = b.Compare(res.Repo)
		} else {
			if o.base != "" && errors.Is(err, source.ErrUnknownRevision) {
				return usageErrorf("--base %q: no such branch, tag or commit in %s", o.base, abs)
			}
			fmt.Fprintf(stderr, "note: no comparison with the merge request's base: %v\n", err)
		}
	}

	scan := app.ScanDocument(p, toolVersion(), started, []scorecard.Repo{res.Repo})
	opts := reports.Options{Comparison: comparison, Fixable: app.FixableChecks(ctx, p, res),
		Anchor: reports.AnchorFile(fsys), Exists: reports.FileExists(fsys),
		Campaigns: campaignNote(cfg, scan, p.Now)}
	var errs []error
	for _, out := range o.parsed {
		if !filepath.IsAbs(out.path) {
			out.path = filepath.Join(o.artifacts, out.path)
		}
		if err := writeReport(stdout, out.path, out.format, scan, opts, g); err != nil {
			errs = append(errs, fmt.Errorf("write %s: %w", out.path, err))
			continue
		}
		fmt.Fprintf(stderr, "wrote %s (%s)\n", out.path, out.format)
	}
	if err := writeReport(stdout, "", "table", scan, opts, g); err != nil {
		errs = append(errs, err)
	}
	if env.mergeRequest() && !o.noNote {
		o.comment(ctx, g, env, scan, opts, stderr)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := strictErrors(o.strict, []scorecard.Repo{res.Repo}); err != nil {
		return err
	}
	return enforce(o.enforce, res.Repo.Level)
}

// baseAuth is the credentials for fetching a merge request's base into a
// shallow checkout.
func baseAuth(g *globalOptions) source.Auth {
	token, user := g.token()
	server := g.getenv("CI_SERVER_URL")
	if server == "" {
		server = "https://gitlab.com"
	}
	return source.Auth{Token: token, Username: user, Hosts: []string{tokenOrigin(server)}}
}

// comment creates or updates the merge request's score note. It never fails
// the job: a missing token or an API error is said and skipped.
func (o *ciOptions) comment(ctx context.Context, g *globalOptions, env ciEnv, scan *scorecard.Scan, opts reports.Options, stderr io.Writer) {
	token := g.getenv("SCORE_GITLAB_TOKEN")
	if token == "" {
		why := "SCORE_GITLAB_TOKEN is not set"
		if g.getenv("CI_JOB_TOKEN") != "" {
			why += " (a CI job token cannot post merge-request notes)"
		}
		fmt.Fprintf(stderr, "note: merge-request comment skipped: %s; set SCORE_GITLAB_TOKEN to a project access token with the api scope. The report artifacts were written.\n", why)
		return
	}
	if env.apiURL == "" || env.projectID == "" {
		fmt.Fprintln(stderr, "note: merge-request comment skipped: CI_API_V4_URL or CI_PROJECT_ID is not set")
		return
	}
	var body strings.Builder
	render, _ := reports.Get("markdown")
	if err := render(&body, scan, opts); err != nil {
		fmt.Fprintf(stderr, "note: merge-request comment skipped: %v\n", err)
		return
	}
	client, err := gitlab.NewClient(env.apiURL, token)
	if err != nil {
		fmt.Fprintf(stderr, "note: merge-request comment skipped: %s\n", source.Redact(err.Error(), token))
		return
	}
	nctx, cancel := context.WithTimeout(ctx, o.noteTimeout)
	defer cancel()
	action, err := gitlab.Upsert(nctx, client, gitlab.Target{Project: env.projectID, IID: env.mrIID}, body.String(), gitlab.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "note: merge-request comment failed: %s\n", source.Redact(err.Error(), token))
		return
	}
	fmt.Fprintf(stderr, "merge-request note %s on !%d\n", action, env.mrIID)
}
