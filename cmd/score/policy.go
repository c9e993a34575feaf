package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"

	"github.com/scoredev/score/engine"
)

func newPolicyCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Work with the policies: list the catalogue, run Rego tests, write docs",
	}
	cmd.AddCommand(newPolicyListCmd(g), newPolicyTestCmd(g), newPolicyDocsCmd(g))
	return cmd
}

func newPolicyListCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the checks of the golden path (defaults plus --policy sources)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, _, err := loadPipeline(cmd.Context(), g)
			if err != nil {
				return err
			}
			t := tablewriter.NewWriter(cmd.OutOrStdout())
			t.Header("ID", "Level", "Weight", "Title", "Source")
			for _, c := range p.Engine.Checks() {
				if err := t.Append(c.ID, c.Level, fmt.Sprint(c.Weight), c.Title, c.Source); err != nil {
					return err
				}
			}
			if err := t.Render(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s, policy digest %s\n", count(len(p.Engine.Checks()), "check", "checks"), p.Engine.Digest())
			return err
		},
	}
}

func newPolicyTestCmd(g *globalOptions) *cobra.Command {
	var verbose, all bool
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego unit tests (*_test.rego) of DIRs, or of the default policies",
		Long: `Run Rego unit tests with OPA's test runner. With DIRs, only the tests of
those folders run (--all adds the default policies' tests and those of
--policy and the config's policies); without, the tests of the default
policies and of --policy and the config's policies. Every policy is loaded
either way, so a test may import any of them. Exits 1 when a test fails or
errors.`,
		Example: `  score policy test
  score policy test ./our-policies -v
  score policy test ./our-policies --all`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g.configPath)
			if err != nil {
				return err
			}
			opts, err := engineOptions(g, cfg)
			if err != nil {
				return err
			}
			passed, failed, err := engine.RunTests(cmd.Context(), opts, args, all, cmd.OutOrStdout(), verbose)
			if ie := (*engine.InvalidPolicyError)(nil); errors.As(err, &ie) {
				// Policies that do not load are invalid input, as in
				// every other command (exit 2).
				return &exitError{code: ExitUsage, msg: "load policies: " + err.Error()}
			}
			if err != nil {
				return err
			}
			if failed > 0 {
				return &exitError{code: ExitError, msg: fmt.Sprintf("%d of %d policy tests failed", failed, passed+failed)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every test, not only failures")
	cmd.Flags().BoolVar(&all, "all", false, "with DIRs, also run the tests of the default policies and of every other policy source")
	return cmd
}

func newPolicyDocsCmd(g *globalOptions) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "docs",
		Short: "Write the check catalogue as Markdown (docs/checks.md)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, _, err := loadPipeline(cmd.Context(), g)
			if err != nil {
				return err
			}
			var b strings.Builder
			if err := engine.WriteDocs(&b, p.Engine.Checks()); err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = fmt.Fprint(cmd.OutOrStdout(), b.String())
				return err
			}
			return os.WriteFile(out, []byte(b.String()), 0o644)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "-", "file to write (- for standard output)")
	return cmd
}
