package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
)

type historyOptions struct {
	store  string
	limit  int
	repo   string
	format string
}

func newHistoryCmd(g *globalOptions) *cobra.Command {
	o := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the scans recorded in the history store, with their scores",
		Long: `List the scans 'score scan' recorded in the history store, newest first:
per scan its date, how many repositories, their mean score and how many are
at each level (over the repositories scanned without error). With --repo,
one repository's score, level and commit in each scan that holds it.
Scan ids work with 'score diff' and 'score report --store'.`,
		Example: `  score history
  score history --repo platform/payments
  score history --format json -n 0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.format != "table" && o.format != "json" {
				return usageErrorf("--format %q: known formats are table, json", o.format)
			}
			st, err := openHistory(g, o.store)
			if err != nil {
				return err
			}
			defer st.Close()
			if o.repo != "" {
				return o.listRepo(cmd, st)
			}
			return o.listScans(cmd, st)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.store, "store", "", "history database (default: $XDG_DATA_HOME/score/history.db)")
	f.IntVarP(&o.limit, "limit", "n", 20, "how many scans to list (0: all)")
	f.StringVar(&o.repo, "repo", "", "list this repository's scores instead of the scans'")
	f.StringVarP(&o.format, "format", "f", "table", "output format: table or json")
	return cmd
}

func (o *historyOptions) listScans(cmd *cobra.Command, st *history.Store) error {
	scans, err := st.ListScores(cmd.Context(), o.limit)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if o.format == "json" {
		return writeIndentedJSON(w, scans)
	}
	t := tablewriter.NewWriter(w)
	t.Header("ID", "Finished", "Repos", "Mean", "Gold", "Silver", "Bronze", "None", "Not scanned", "Tool", "Policy digest", "Source")
	for _, s := range scans {
		sum := s.Summary
		mean := "-"
		if sum.Scanned > 0 {
			mean = strconv.FormatFloat(sum.Score, 'f', 1, 64)
		}
		if err := t.Append(fmt.Sprint(s.ID), s.FinishedAt.Format("2006-01-02 15:04"), fmt.Sprint(s.Repos), mean,
			fmt.Sprint(sum.Levels[scorecard.Gold]), fmt.Sprint(sum.Levels[scorecard.Silver]),
			fmt.Sprint(sum.Levels[scorecard.Bronze]), fmt.Sprint(sum.Levels[scorecard.None]), fmt.Sprint(sum.Errors),
			s.ToolVersion, shortDigest(s.PolicyDigest), s.Source); err != nil {
			return err
		}
	}
	return t.Render()
}

func (o *historyOptions) listRepo(cmd *cobra.Command, st *history.Store) error {
	rows, err := st.RepoScores(cmd.Context(), o.repo, o.limit)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return usageErrorf("--repo %q: no stored scan holds that repository", o.repo)
	}
	w := cmd.OutOrStdout()
	if o.format == "json" {
		return writeIndentedJSON(w, rows)
	}
	t := tablewriter.NewWriter(w)
	t.Header("Scan", "Finished", "Commit", "Team", "Score", "Level")
	for _, r := range rows {
		score, level := strconv.FormatFloat(r.Score, 'f', 1, 64), r.Level
		if r.Error != "" {
			score, level = "-", "not scanned: "+strings.Join(strings.Fields(r.Error), " ")
		}
		if err := t.Append(fmt.Sprint(r.ScanID), r.FinishedAt.Format("2006-01-02 15:04"), shortSHA(r.Commit),
			scorecard.TeamOf(scorecard.Repo{Team: r.Team}), score, level); err != nil {
			return err
		}
	}
	return t.Render()
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// shortSHA is the first 12 characters of a commit SHA.
func shortSHA(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}
