package main

import (
	"fmt"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"

	"github.com/scoredev/score/scorecard"
)

func newHistoryCmd() *cobra.Command {
	var store string
	var limit int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the scans recorded in the history store",
		Long: `List the scans 'score scan' recorded in the history store, newest first.
Their ids work with 'score diff' and 'score report --store'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openHistory(store)
			if err != nil {
				return err
			}
			defer st.Close()
			scans, err := st.ListScans(cmd.Context(), limit)
			if err != nil {
				return err
			}
			t := tablewriter.NewWriter(cmd.OutOrStdout())
			t.Header("ID", "Finished", "Repos", "Tool", "Policy digest", "Source")
			for _, s := range scans {
				if err := t.Append(fmt.Sprint(s.ID), s.FinishedAt.Format("2006-01-02 15:04"), fmt.Sprint(s.Repos),
					s.ToolVersion, shortDigest(s.PolicyDigest), s.Source); err != nil {
					return err
				}
			}
			return t.Render()
		},
	}
	cmd.Flags().StringVar(&store, "store", "", "history database (default: $XDG_DATA_HOME/score/history.db)")
	cmd.Flags().IntVarP(&limit, "limit", "n", 20, "how many scans to list (0: all)")
	return cmd
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}

// previousFromStore finds the newest stored scan that finished before scan
// started: the one a report's trend compares with.
func previousFromStore(cmd *cobra.Command, path string, scan *scorecard.Scan) (*scorecard.Scan, error) {
	st, err := openHistory(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	scans, err := st.ListScans(cmd.Context(), 0)
	if err != nil {
		return nil, err
	}
	for _, s := range scans { // newest first
		if s.FinishedAt.Before(scan.StartedAt) {
			return st.LoadScan(cmd.Context(), s.ID)
		}
	}
	return nil, nil
}
