package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/scorecard"
)

type mergeOptions struct {
	out string
}

func newMergeCmd() *cobra.Command {
	o := &mergeOptions{}
	cmd := &cobra.Command{
		Use:   "merge SHARD.json...",
		Short: "Join the results of a sharded scan (--shard I/N) into one scan result",
		Long: `Join scan results written by 'score scan --shard I/N' into one scan result,
the same as one unsharded scan of every repository would have written
(apart from the two timestamps): repositories sorted by name, team rollups
recomputed, started_at the earliest start and finished_at the latest finish.

Every shard must be a score.scan/v1 document evaluated with the same
policies (the same policy digest), and no repository may appear in two
shards. OUT is written atomically.`,
		Example: `  score scan --repos repos.txt --shard 1/4 --out shard-1.json   # one per job
  score merge shard-*.json --out scan.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out == "" {
				return usageErrorf("--out must name a file")
			}
			scan, err := app.Merge(args)
			if ie := (*app.InputError)(nil); errors.As(err, &ie) {
				return usageErrorf("%v", ie.Err)
			} else if err != nil {
				return err
			}
			if err := writeFileAtomic(o.out, func(w io.Writer) error { return scorecard.WriteJSON(w, scan) }); err != nil {
				return fmt.Errorf("write %s: %w", o.out, err)
			}
			summarise(cmd.OutOrStdout(), scan, o.out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "score-scan.json", "merged scan result (written atomically)")
	return cmd
}
