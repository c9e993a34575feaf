package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/source"
	"github.com/scoredev/score/source/gitlab"
)

type scanOptions struct {
	repos           []string
	reposFile       string
	dir             string
	gitlabGroup     string
	gitlabURL       string
	includeArchived bool
	includeForks    bool
	concurrency     int
	out             string
	store           string
	noStore         bool
	cacheDir        string
	timeout         time.Duration
	apiTimeout      time.Duration
	shard           string
	full            bool
	progress        string
	strict          bool

	shardIndex, shardCount int
	repoRefs               []source.RepoRef
	profile                profileFlags
	outcomes               outcomeFlags
}

func newScanCmd(g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Score many repositories: a GitLab group, a list of URLs, or a folder of checkouts",
		Long: `Score many repositories into one scan result (the score.scan/v1 JSON
document), then render it with 'score report'.

Repositories come from any mix of --repo, --repos, --dir and --gitlab-group.
Remote ones are cloned shallow (depth 1, default branch, no tags) into memory,
or into bare mirrors under --cache-dir that later runs fetch incrementally.
A repository that cannot be cloned or scanned keeps its row with "error" set;
it never stops the scan. Results are streamed to OUT.partial as they finish,
and OUT is written atomically at the end; Ctrl-C keeps what finished.

Each scan is recorded in the history store (--store), which 'score diff' and
the HTML report's trend read. A repository whose remote head commit, score
version, policies and platform config (teams, exemptions) match its last
stored result, and none of whose exemptions has expired since, is not
cloned again (--full rescans everything).

Tokens come only from the environment: SCORE_GITLAB_TOKEN or GITLAB_TOKEN
(CI_JOB_TOKEN inside GitLab CI). They are never printed, and go only to the
GitLab they belong to (--gitlab-url, else CI_SERVER_URL, else gitlab.com):
same scheme, host and port, so never over plain http to another server.
Credentials, queries and fragments of repository URLs never reach the output
or the store.

The history store's folder is created when missing: the default one, or the
one --store names.`,
		Example: `  score scan --gitlab-group acme/platform --out scan.json
  score scan --repos repos.yaml --concurrency 16 --cache-dir ~/.cache/score
  score scan --dir ~/src --out scan.json
  score scan --repos repos.txt --shard 2/4 --out shard-2.json   # then: score merge shard-*.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return o.run(cmd, g)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.repos, "repo", nil, "repository URL to scan: https, ssh, file or a local path (repeatable)")
	f.StringVar(&o.reposFile, "repos", "", "file listing repositories: one URL per line, or YAML with repos: [{url, name, team}]")
	f.StringVar(&o.dir, "dir", "", "folder whose subfolders are checkouts to scan in place")
	f.StringVar(&o.gitlabGroup, "gitlab-group", "", "GitLab group path (subgroups included)")
	f.StringVar(&o.gitlabURL, "gitlab-url", "", "GitLab base URL (default: CI_SERVER_URL, else https://gitlab.com)")
	f.BoolVar(&o.includeArchived, "include-archived", false, "also scan archived GitLab projects")
	f.BoolVar(&o.includeForks, "include-forks", false, "also scan forks")
	f.IntVarP(&o.concurrency, "concurrency", "j", 4*runtime.NumCPU(), "repositories scanned at once (cloning is I/O bound)")
	f.StringVarP(&o.out, "out", "o", "score-scan.json", "scan result file (a regular file is replaced atomically and results stream to OUT.partial meanwhile; a symlink is written through to its file; a device or FIFO is written in place)")
	f.StringVar(&o.store, "store", "", "history database (default: $XDG_DATA_HOME/score/history.db); its folder is created when missing")
	f.BoolVar(&o.noStore, "no-store", false, "do not record this scan in the history store")
	f.StringVar(&o.cacheDir, "cache-dir", "", "keep bare mirrors here and fetch incrementally on later runs")
	f.DurationVar(&o.timeout, "timeout", 5*time.Minute, "time limit per repository, clone included")
	f.DurationVar(&o.apiTimeout, "api-timeout", 30*time.Second, "time limit per GitLab API request; discovery as a whole gets 10 times this, at least 5m")
	f.StringVar(&o.shard, "shard", "", "scan only shard I of N (e.g. 2/4); join shards with 'score merge'")
	f.BoolVar(&o.full, "full", false, "rescan every repository even when its head commit and the policies are unchanged")
	addStrictFlag(f, &o.strict)
	f.StringVar(&o.progress, "progress", "auto", "progress display: auto (bar on a terminal, lines otherwise), bar, lines, none")
	o.profile.add(f)
	o.outcomes.add(f)
	return cmd
}

func (o *scanOptions) validate() error {
	var problems []string
	if len(o.repos) == 0 && o.reposFile == "" && o.dir == "" && o.gitlabGroup == "" {
		problems = append(problems, "name repositories with --repo, --repos, --dir or --gitlab-group")
	}
	if o.concurrency < 1 {
		problems = append(problems, fmt.Sprintf("--concurrency %d: must be at least 1", o.concurrency))
	}
	if o.timeout <= 0 {
		problems = append(problems, fmt.Sprintf("--timeout %s: must be more than 0", o.timeout))
	}
	if o.apiTimeout <= 0 {
		problems = append(problems, fmt.Sprintf("--api-timeout %s: must be more than 0", o.apiTimeout))
	}
	if o.noStore && o.store != "" {
		problems = append(problems, "--no-store and --store contradict each other; give one")
	}
	o.repoRefs = o.repoRefs[:0]
	for _, raw := range o.repos {
		ref, err := source.ParseRepoURL(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("--repo: %v", err))
			continue
		}
		ref.Origin = "--repo"
		o.repoRefs = append(o.repoRefs, ref)
	}
	if o.shard != "" {
		i, n, ok := app.ParseShard(o.shard)
		if !ok {
			problems = append(problems, fmt.Sprintf("--shard %q: use I/N with 1 <= I <= N, e.g. 2/4", o.shard))
		}
		o.shardIndex, o.shardCount = i, n
	}
	if p := o.outcomes.validate(); p != "" {
		problems = append(problems, p)
	}
	switch o.progress {
	case "auto", "bar", "lines", "none":
	default:
		problems = append(problems, fmt.Sprintf("--progress %q: use auto, bar, lines or none", o.progress))
	}
	if len(problems) > 0 {
		return usageErrorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// token returns the git/GitLab token from the environment and its user name.
func (g *globalOptions) token() (token, user string) {
	for _, k := range []string{"SCORE_GITLAB_TOKEN", "GITLAB_TOKEN"} {
		if v := g.getenv(k); v != "" {
			return v, ""
		}
	}
	if v := g.getenv("CI_JOB_TOKEN"); v != "" {
		return v, "gitlab-ci-token"
	}
	return "", ""
}

// discoveryTimeout bounds a whole GitLab discovery: ten requests' worth,
// at least five minutes, so that a large group's pages fit but a server
// that stalls on every page cannot hold the scan for ever.
func discoveryTimeout(perRequest time.Duration) time.Duration {
	return max(10*perRequest, 5*time.Minute)
}

// tokenOrigin is the scheme://host[:port] of a GitLab base URL, or a value
// no repository URL matches when the URL is unusable.
func tokenOrigin(base string) string {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "invalid://"
	}
	return u.Scheme + "://" + u.Host
}

func (o *scanOptions) gitlabBase(g *globalOptions) string { return gitlabBase(o.gitlabURL, g) }

// gitlabBase is the GitLab a token belongs to: the --gitlab-url flag, else
// CI_SERVER_URL, else gitlab.com.
func gitlabBase(flag string, g *globalOptions) string {
	return cmp.Or(flag, g.getenv("CI_SERVER_URL"), "https://gitlab.com")
}

// sources turns the flags into the scan's sources.
func (o *scanOptions) sources(g *globalOptions, stderr io.Writer) app.Sources {
	token, _ := g.token()
	return app.Sources{
		Refs: o.repoRefs, ReposFile: o.reposFile, Dir: o.dir,
		GitLab: gitlab.GitLabOptions{
			BaseURL: o.gitlabBase(g), Token: token, Group: o.gitlabGroup,
			IncludeArchived: o.includeArchived, IncludeForks: o.includeForks,
			RequestTimeout: o.apiTimeout, Timeout: discoveryTimeout(o.apiTimeout),
			OnSkip: func(project, reason string) { fmt.Fprintf(stderr, "skip %s: %s\n", project, reason) },
		},
		ShardIndex: o.shardIndex, ShardCount: o.shardCount,
	}
}

// gather lists the repositories the flags name (app.Gather); a mistake in
// a repos file or folder is a usage error.
func (o *scanOptions) gather(ctx context.Context, g *globalOptions, stderr io.Writer) ([]source.RepoRef, error) {
	refs, err := app.Gather(ctx, o.sources(g, stderr))
	if ie := (*app.InputError)(nil); errors.As(err, &ie) {
		return nil, usageErrorf("%v", ie.Err)
	}
	return refs, err
}

// cloneOptions: the token belongs to one GitLab (--gitlab-url,
// CI_SERVER_URL, else gitlab.com): it goes to that scheme, host and port
// only, never to another server named in --repo or --repos.
func (o *scanOptions) cloneOptions(g *globalOptions) source.CloneOptions {
	token, user := g.token()
	auth := source.Auth{Token: token, Username: user, Hosts: []string{tokenOrigin(o.gitlabBase(g))}}
	return source.CloneOptions{Auth: auth, Timeout: o.timeout, CacheDir: o.cacheDir}
}

func (o *scanOptions) run(cmd *cobra.Command, g *globalOptions) error {
	stopProfiles, err := o.profile.start()
	if err != nil {
		return err
	}
	defer stopProfiles()
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	started := time.Now().UTC()
	p, _, err := loadPipeline(ctx, g)
	if err != nil {
		return err
	}
	refs, err := o.gather(ctx, g, stderr)
	if err != nil {
		return err
	}
	if len(refs) == 0 && o.shardCount <= 1 {
		return usageErrorf("no repositories to scan")
	}
	if len(refs) == 0 {
		// An empty shard still writes its (empty) result, so that 'score
		// merge' of every shard finds all of them.
		fmt.Fprintf(stderr, "shard %s holds none of the repositories; writing an empty result\n", o.shard)
	}
	store, err := o.openStore(g)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
	}
	partialFile, err := partialPath(o.out)
	if err != nil {
		return fmt.Errorf("--out %s: %w", o.out, err)
	}
	partial, err := app.NewPartialWriter(partialFile)
	if err != nil {
		return err
	}
	prog := newProgress(o.progress, stderr, len(refs))
	results, interrupted := app.Scan(ctx, refs, app.ScanOptions{
		Pipeline: p, Store: store, Clone: o.cloneOptions(g), Full: o.full, Timeout: o.timeout, Concurrency: o.concurrency, Version: toolVersion(),
		Outcomes: o.outcomes.options(o, g),
		Done: func(repo scorecard.Repo, reused bool) {
			partial.Write(repo)
			prog.step(repo, reused)
		},
	})
	prog.finish()

	scan := app.ScanDocument(p, toolVersion(), started, results)
	if err := writeFileAtomic(o.out, func(w io.Writer) error { return scorecard.WriteJSON(w, scan) }); err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	partial.Close()
	if store != nil && !interrupted {
		// The store write must not be cut short by a late signal.
		if _, err := store.SaveScanWithSource(context.WithoutCancel(ctx), scan, o.describeSources()); err != nil {
			fmt.Fprintf(stderr, "warning: %s: %v\n", store.Path(), err)
		}
	}
	summarise(cmd.OutOrStdout(), scan, o.out)
	if interrupted {
		return &exitError{code: ExitError, msg: fmt.Sprintf("interrupted; what finished is in %s", o.out)}
	}
	return strictErrors(o.strict, scan.Repos)
}

func (o *scanOptions) openStore(g *globalOptions) (*history.Store, error) {
	if o.noStore {
		return nil, nil
	}
	path, err := g.storePath(o.store)
	if err != nil {
		return nil, err
	}
	st, err := history.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open history store: %w", err)
	}
	return st, nil
}

func (o *scanOptions) describeSources() string {
	var parts []string
	if o.gitlabGroup != "" {
		parts = append(parts, "gitlab-group:"+o.gitlabGroup)
	}
	if o.reposFile != "" {
		parts = append(parts, "repos:"+o.reposFile)
	}
	if o.dir != "" {
		parts = append(parts, "dir:"+o.dir)
	}
	if len(o.repos) > 0 {
		parts = append(parts, fmt.Sprintf("repo:%d", len(o.repos)))
	}
	if o.shard != "" {
		parts = append(parts, "shard:"+o.shard)
	}
	return strings.Join(parts, " ")
}

// progress shows a bar on a terminal and one line per repository elsewhere
// (CI logs), or nothing.
type progress struct {
	bar   *progressbar.ProgressBar
	lines io.Writer
	total int
	n     int
}

func newProgress(mode string, w io.Writer, total int) *progress {
	p := &progress{total: total}
	if mode == "auto" {
		mode = "lines"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	}
	switch mode {
	case "bar":
		p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("scanning"),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
	case "lines":
		p.lines = w
	}
	return p
}

func (p *progress) step(r scorecard.Repo, reused bool) {
	p.n++
	switch {
	case p.bar != nil:
		_ = p.bar.Add(1)
	case p.lines != nil:
		status := fmt.Sprintf("%5.1f %s", r.Score, r.Level)
		if r.Error != "" {
			status = "error: " + r.Error
		} else if reused {
			status += " (unchanged)"
		}
		fmt.Fprintf(p.lines, "[%d/%d] %s  %s\n", p.n, p.total, r.Name, status)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// summarise prints the org summary after a scan.
func summarise(w io.Writer, scan *scorecard.Scan, out string) {
	sum := scorecard.OrgSummary(scan.Repos)
	errs := count(sum.Errors, "error", "errors")
	if sum.CheckErrors > 0 {
		errs += ", " + count(sum.CheckErrors, "check", "checks") + " errored"
	}
	fmt.Fprintf(w, "scanned %s (%s), mean score %.1f; gold %d, silver %d, bronze %d, none %d\nresult: %s\n",
		count(sum.Repos, "repository", "repositories"), errs, sum.Score, sum.Levels[scorecard.Gold], sum.Levels[scorecard.Silver],
		sum.Levels[scorecard.Bronze], sum.Levels[scorecard.None], out)
}
