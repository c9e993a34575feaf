package main

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/scorecard"
)

// reportHistoryScans is how many earlier scans the HTML report's charts
// plot besides the one it renders.
const reportHistoryScans = 11

// reportHistory reads what a report shows over time from the history
// store: --store, else the default store. It returns the earlier scans
// (those that finished before scan started, oldest first, scores only)
// and the newest of them in full, for trends. A default store that does
// not exist means no history, not an error; one that cannot be read is a
// warning.
func reportHistory(cmd *cobra.Command, g *globalOptions, path string, scan *scorecard.Scan) ([]*scorecard.Scan, *scorecard.Scan, error) {
	explicit := path != ""
	if !explicit {
		var err error
		if path, err = g.storePath(""); err != nil {
			return nil, nil, nil
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil
		}
	}
	earlier, previous, err := readReportHistory(cmd, g, path, scan)
	if err != nil && !explicit {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: history store %s: %v (the report has no charts over time)\n", path, err)
		return nil, nil, nil
	}
	return earlier, previous, err
}

func readReportHistory(cmd *cobra.Command, g *globalOptions, path string, scan *scorecard.Scan) ([]*scorecard.Scan, *scorecard.Scan, error) {
	st, err := openHistory(g, path)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	ctx := cmd.Context()
	scans, err := st.ListScans(ctx, 0)
	if err != nil {
		return nil, nil, err
	}
	var earlier []*scorecard.Scan
	var newest int64
	for _, s := range scans { // newest first
		if !s.FinishedAt.Before(scan.StartedAt) {
			continue
		}
		if newest == 0 {
			newest = s.ID
		}
		sc, err := st.LoadScores(ctx, s.ID)
		if err != nil {
			return nil, nil, err
		}
		earlier = append(earlier, sc)
		if len(earlier) == reportHistoryScans {
			break
		}
	}
	if newest == 0 {
		return nil, nil, nil
	}
	previous, err := st.LoadScan(ctx, newest)
	if err != nil {
		return nil, nil, err
	}
	slices.Reverse(earlier)
	return earlier, previous, nil
}
