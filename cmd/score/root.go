package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/scoredev/score/history"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	configPath string
	policies   []string
	disabled   []string
	noColor    bool
	noCache    bool
	cacheDir   string
	debugLog   string
	getenv     func(string) string
}

// storePath is the history store to use: path when given, else the
// default location read from the command's environment (never the
// process's, so tests do not reach a real home folder).
func (g *globalOptions) storePath(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	return history.DefaultPath(g.getenv)
}

// newRootCmd builds the command tree. getenv is os.Getenv outside tests.
func newRootCmd(ctx context.Context, getenv func(string) string) *cobra.Command {
	g := &globalOptions{getenv: getenv}
	root := &cobra.Command{
		Use:   "score",
		Short: "Score service repositories against your golden path",
		Long: `score makes a platform team's golden path visible without blocking anyone.

It collects facts about how a repository builds, tests, observes and secures
itself, evaluates them against OPA Rego policies (a default golden path is
built in; add or override your own with --policy), and turns the results into
a score and a level: bronze, silver or gold.

  score check              score the repository in this folder, and what this change fixes or breaks
  score fix [--apply]      the change that fixes the failing checks that can be fixed, as a diff
  score scan --dir repos/  score many repositories into one scan result
  score report --in scan.json --format html --out report.html
  score policy list        the checks of the golden path

Every flag can also be set as SCORE_<FLAG> in the environment (for example
SCORE_FORMAT=json, SCORE_POLICY=./policies); a flag wins over the environment,
and the environment over the --config file.

Exit codes: 0 ran (whatever the score: score advises), 1 error,
2 invalid usage or configuration, 3 the level asked for with --enforce was not met.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return applyEnv(cmd, g.getenv)
		},
	}
	root.SetContext(ctx)
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "platform config file (score.yaml): extra policies, disabled checks, team mapping, org-wide exemptions")
	pf.StringArrayVar(&g.policies, "policy", nil, "extra policy directory or OPA bundle (.tar.gz); a check with the same id replaces the default (repeatable)")
	pf.StringArrayVar(&g.disabled, "disable", nil, "check id to leave out (repeatable)")
	pf.BoolVar(&g.noColor, "no-color", false, "never colour the output (also NO_COLOR)")
	pf.BoolVar(&g.noCache, "no-cache", false, "do not read or write the compiled-policy cache")
	pf.StringVar(&g.cacheDir, "cache-dir", "", "folder of the compiled-policy cache (default $XDG_CACHE_HOME/score or the user cache folder)")
	pf.StringVar(&g.debugLog, "debug-log", "", "append the stack of an internal error that became a repository's error row to this file (for a bug report)")

	root.AddCommand(
		newCheckCmd(g),
		newFixCmd(g),
		newScanCmd(g),
		newMergeCmd(),
		newReportCmd(g),
		newCICmd(g),
		newDiffCmd(g),
		newHistoryCmd(g),
		newCampaignCmd(g),
		newPolicyCmd(g),
		newPathCmd(g),
		newFactsCmd(),
		newVersionCmd(),
	)
	markUsageErrors(root)
	return root
}

// markUsageErrors makes cobra's own complaints (an unknown flag, a wrong
// number of arguments, an unknown command) exit with ExitUsage like every
// other usage error, instead of the generic ExitError.
func markUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v (see '%s --help')", err, c.CommandPath())
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
			// A command group: an unknown word after it is a usage error,
			// nothing at all shows its help.
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usageErrorf("unknown command %q for %q (see '%s --help')", args[0], c.CommandPath(), c.CommandPath())
				}
				return c.Help()
			}
			for _, sub := range c.Commands() {
				walk(sub)
			}
			return
		}
		if c.Args != nil {
			validate := c.Args
			c.Args = func(c *cobra.Command, args []string) error {
				if err := validate(c, args); err != nil {
					return usageErrorf("%v (see '%s --help')", err, c.CommandPath())
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// applyEnv sets every flag the user did not pass from SCORE_<FLAG_NAME>, so
// that configuration follows flag > environment > config file.
func applyEnv(cmd *cobra.Command, getenv func(string) string) error {
	var errs []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" {
			return
		}
		name := "SCORE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v := getenv(name)
		if v == "" {
			return
		}
		values := []string{v}
		if f.Value.Type() == "stringArray" || f.Value.Type() == "stringSlice" {
			values = strings.Split(v, ",")
		}
		for _, one := range values {
			if err := f.Value.Set(strings.TrimSpace(one)); err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q: %v", name, v, err))
			}
		}
	})
	if len(errs) > 0 {
		return usageErrorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// useColor decides whether output to w may carry ANSI colour.
func (g *globalOptions) useColor(w io.Writer) bool {
	if g.noColor || g.getenv("NO_COLOR") != "" || g.getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
