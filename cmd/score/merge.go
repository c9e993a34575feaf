package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

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
			scan, err := mergeShards(args)
			if err != nil {
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

// mergeShards reads shard results and joins them. Every problem is
// reported at once, each naming its file.
func mergeShards(paths []string) (*scorecard.Scan, error) {
	var merged *scorecard.Scan
	var first string
	owner := map[string]string{} // repository name -> file it came from
	var problems []string
	for _, p := range paths {
		s, err := readScanFile(p, nil)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if merged == nil {
			merged, first = &scorecard.Scan{Schema: s.Schema, Tool: s.Tool, Policy: s.Policy,
				StartedAt: s.StartedAt, FinishedAt: s.FinishedAt}, p
		} else {
			if s.Policy.Digest != merged.Policy.Digest {
				problems = append(problems, fmt.Sprintf("%s: policy digest %s differs from %s in %s; shards must be scanned with the same policies",
					p, s.Policy.Digest, merged.Policy.Digest, first))
				continue
			}
			if s.StartedAt.Before(merged.StartedAt) {
				merged.StartedAt = s.StartedAt
			}
			if s.FinishedAt.After(merged.FinishedAt) {
				merged.FinishedAt = s.FinishedAt
			}
		}
		for _, r := range s.Repos {
			if prev, ok := owner[r.Name]; ok {
				problems = append(problems, fmt.Sprintf("%s: repository %q is also in %s; shards must not overlap", p, r.Name, prev))
				continue
			}
			owner[r.Name] = p
			merged.Repos = append(merged.Repos, r)
		}
	}
	if len(problems) > 0 {
		return nil, &exitError{code: ExitUsage, msg: "merge: " + strings.Join(problems, "; ")}
	}
	if merged == nil {
		return nil, errors.New("merge: no shard results")
	}
	if merged.Repos == nil {
		merged.Repos = []scorecard.Repo{}
	}
	scorecard.Finalize(merged)
	return merged, nil
}
