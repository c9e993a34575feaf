package main

import (
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
	"github.com/scoredev/score/source"
)

func newFactsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "facts [PATH]",
		Short: "Print the facts collected from a repository: the input your policies read",
		Long: `Print the Facts document collected from the repository in PATH (default: the
current folder) as JSON. It is exactly the 'input' every policy evaluates, so
it is the place to start when writing or debugging a check; its shape is
documented in docs/facts.md and docs/facts.schema.json.`,
		Example: `  score facts | jq '.ci.jobs[].commands[].run'
  score facts ./services/payments > facts.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			snap, err := localRepo(dir)
			if err != nil {
				return err
			}
			f, err := collect.Collect(cmd.Context(), snap)
			if err != nil {
				return err
			}
			return scorecard.EncodeJSON(cmd.OutOrStdout(), f)
		},
	}
}

// localRepo is the working tree in dir as a snapshot named after its
// folder, with its HEAD commit when it is a git repository.
func localRepo(dir string) (snapshot.Snapshot, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	if err := checkFolder(dir, abs); err != nil {
		return snapshot.Snapshot{}, err
	}
	fsys, err := source.DirFS(abs)
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	return snapshot.Snapshot{Info: facts.RepoInfo{Name: filepath.Base(abs), Commit: app.HeadCommit(abs)}, FS: fsys}, nil
}
