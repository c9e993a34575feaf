package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/reports"
	"github.com/scoredev/score/scorecard"
)

type reportOptions struct {
	in       string
	format   string
	team     string
	out      string
	previous string
	title    string
	store    string
	today    string
}

func newReportCmd(g *globalOptions) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render a scan result as a table, JSON, Markdown, HTML, SARIF, Code Quality or JUnit",
		Long: `Render a scan result written by 'score scan --out FILE'. Reports never
re-read repositories: everything comes from the scan result.

The HTML report is one self-contained file (no external requests), fit for a
CI artifact or GitLab Pages. Reports show the trend against the previous
scan: --previous (a scan file), else the newest scan in the history store
(--store, else the default store when it exists) that finished before this
one started. The HTML report also charts the scans of the history store
before this one (up to 11) over time; without a history it has no charts.`,
		Example: `  score report --in scan.json                        # terminal table
  score report --in scan.json --format html --out report.html
  score report --in scan.json --format markdown --team payments`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.validate(); err != nil {
				return err
			}
			return o.run(cmd, g)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.in, "in", "i", "", "scan result to render (required; - for standard input)")
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+strings.Join(reports.Formats(), ", "))
	f.StringVar(&o.team, "team", "", "only this team's repositories")
	f.StringVarP(&o.out, "out", "o", "", "write to this file instead of standard output")
	f.StringVar(&o.previous, "previous", "", "an earlier scan result, for trends")
	f.StringVar(&o.title, "title", "", "report title")
	f.StringVar(&o.store, "store", "", "history database to take earlier scans from, for trends, charts and campaign burn-ups (default: $XDG_DATA_HOME/score/history.db, when it exists)")
	addTodayFlag(cmd, &o.today)
	return cmd
}

func (o *reportOptions) validate() error {
	var problems []string
	if o.in == "" {
		problems = append(problems, "--in is required (a scan result from 'score scan --out FILE')")
	}
	if !slices.Contains(reports.Formats(), o.format) {
		problems = append(problems, fmt.Sprintf("--format %q: known formats are %s", o.format, strings.Join(reports.Formats(), ", ")))
	}
	if len(problems) > 0 {
		return usageErrorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func (o *reportOptions) run(cmd *cobra.Command, g *globalOptions) error {
	scan, err := readScanFile(o.in, cmd.InOrStdin())
	if err != nil {
		return err
	}
	opts := reports.Options{Team: o.team, Title: o.title}
	if opts.History, opts.Previous, err = reportHistory(cmd, g, o.store, scan); err != nil {
		return err
	}
	if o.previous != "" {
		if opts.Previous, err = readScanFile(o.previous, nil); err != nil {
			return err
		}
	}
	cfg, err := loadConfig(g.configPath)
	if err != nil {
		return err
	}
	if opts.Campaigns, err = campaignsFor(cmd, g, cfg, o.store, o.today, scan); err != nil {
		return err
	}
	if o.team != "" && !slices.ContainsFunc(scan.Repos, func(r scorecard.Repo) bool { return scorecard.TeamOf(r) == o.team }) {
		return usageErrorf("--team %q: no repository of that team in %s", o.team, o.in)
	}
	if err := writeReport(cmd.OutOrStdout(), o.out, o.format, scan, opts, g); err != nil {
		if o.out != "" && o.out != "-" {
			return fmt.Errorf("write %s: %w", o.out, err)
		}
		return err
	}
	return nil
}

// readScanFile reads a scan result from a file, or stdin for "-".
func readScanFile(path string, stdin io.Reader) (*scorecard.Scan, error) {
	var r io.Reader = stdin
	if path != "-" || stdin == nil {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		defer f.Close()
		r = f
	}
	scan, err := scorecard.ReadJSON(r)
	if err != nil {
		return nil, usageErrorf("%s: %v", path, err)
	}
	return scan, nil
}

// writeReport renders scan in format to out (a file, written atomically; a
// device or FIFO in place, see writeFileAtomic) or to stdout when out is
// empty.
func writeReport(stdout io.Writer, out, format string, scan *scorecard.Scan, opts reports.Options, g *globalOptions) error {
	render, err := reports.Get(format)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if out == "" || out == "-" {
		opts.Color = g.useColor(stdout)
		opts.Width = terminalWidth(stdout)
		return render(stdout, scan, opts)
	}
	return writeFileAtomic(out, func(w io.Writer) error { return render(w, scan, opts) })
}
