package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
	"github.com/spf13/cobra"

	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
)

type diffOptions struct {
	format string
	store  string
	g      *globalOptions
}

func newDiffCmd(g *globalOptions) *cobra.Command {
	o := &diffOptions{g: g}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "What changed between two scans: per repository, what was fixed, what broke, score and level",
		Long: `Compare two scan results. OLD and NEW are scan files ('score scan --out'),
or ids of scans in the history store ('latest', 'previous', or a number as
listed by 'score history').`,
		Example: `  score diff last-week.json scan.json
  score diff previous latest
  score diff 12 15 --format json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return usageErrorf("--format %q: use text or json", o.format)
			}
			old, err := o.load(cmd, args[0])
			if err != nil {
				return err
			}
			new, err := o.load(cmd, args[1])
			if err != nil {
				return err
			}
			d := scorecard.DiffScans(old, new)
			if o.format == "json" {
				return scorecard.EncodeJSON(cmd.OutOrStdout(), d)
			}
			return writeDiffText(cmd.OutOrStdout(), old, new, d)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&o.store, "store", "", "history database (default: $XDG_DATA_HOME/score/history.db)")
	return cmd
}

// load reads a scan file, or a stored scan by id, "latest" or "previous".
func (o *diffOptions) load(cmd *cobra.Command, ref string) (*scorecard.Scan, error) {
	if _, err := os.Stat(ref); err == nil || ref == "-" {
		return readScanFile(ref, cmd.InOrStdin())
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil && ref != "latest" && ref != "previous" {
		return nil, usageErrorf("%s: no such file, and not a stored scan id (a number, latest or previous)", ref)
	}
	st, err := openHistory(o.g, o.store)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	ctx := cmd.Context()
	switch ref {
	case "latest":
		_, s, err := st.LatestScan(ctx)
		return s, err
	case "previous":
		latest, _, err := st.LatestScan(ctx)
		if err != nil {
			return nil, err
		}
		_, s, err := st.PreviousScan(ctx, latest)
		return s, err
	}
	return st.LoadScan(ctx, id)
}

func openHistory(g *globalOptions, path string) (*history.Store, error) {
	path, err := g.storePath(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, usageErrorf("history store %s: %v", path, err)
	}
	// history, diff and report only read: a read-only store works, and
	// nothing is created or migrated.
	return history.OpenReadOnly(path)
}

// writeDiffText prints the summary of each changed repository, then the
// per-check outcome lines that differ, as a line diff.
func writeDiffText(w io.Writer, old, new *scorecard.Scan, d scorecard.ScanDiff) error {
	if len(d.Added)+len(d.Removed)+len(d.Changed) == 0 {
		_, err := fmt.Fprintln(w, "no changes")
		return err
	}
	// The headline compares like with like: the same repositories on both
	// sides, with what was added or removed said beside it.
	if o := d.Org; o.Compared > 0 {
		repos := "repositories"
		if o.Compared == 1 {
			repos = "repository"
		}
		fmt.Fprintf(w, "mean score %.1f -> %.1f (%+.1f) over the %d %s in both scans", o.OldScore, o.NewScore, o.Delta, o.Compared, repos)
	} else {
		fmt.Fprint(w, "no repository was scanned in both scans")
	}
	fmt.Fprintf(w, "; %d added, %d removed\n\n", d.Org.Added, d.Org.Removed)
	for _, n := range d.Added {
		fmt.Fprintf(w, "+ %s (new in this scan)\n", n)
	}
	for _, n := range d.Removed {
		fmt.Fprintf(w, "- %s (no longer scanned)\n", n)
	}
	oldByName, newByName := byName(old), byName(new)
	dmp := diffmatchpatch.New()
	for _, c := range d.Changed {
		fmt.Fprintf(w, "\n%s: score %.1f -> %.1f (%+.1f), level %s -> %s\n", c.Name, c.OldScore, c.NewScore, c.Delta, c.OldLevel, c.NewLevel)
		if c.NewError != "" && c.NewError != c.OldError {
			fmt.Fprintf(w, "  error: %s\n", c.NewError)
		}
		if len(c.Fixed) > 0 {
			fmt.Fprintf(w, "  fixed:  %s\n", strings.Join(c.Fixed, ", "))
		}
		if len(c.Broken) > 0 {
			fmt.Fprintf(w, "  broken: %s\n", strings.Join(c.Broken, ", "))
		}
		a, b, lines := dmp.DiffLinesToChars(outcomeLines(oldByName[c.Name]), outcomeLines(newByName[c.Name]))
		diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
		for _, df := range diffs {
			prefix := ""
			switch df.Type {
			case diffmatchpatch.DiffDelete:
				prefix = "  - "
			case diffmatchpatch.DiffInsert:
				prefix = "  + "
			default:
				continue
			}
			for _, l := range strings.Split(strings.TrimSuffix(df.Text, "\n"), "\n") {
				fmt.Fprintln(w, prefix+l)
			}
		}
	}
	return nil
}

func byName(s *scorecard.Scan) map[string]scorecard.Repo {
	m := map[string]scorecard.Repo{}
	if s != nil {
		for _, r := range s.Repos {
			m[r.Name] = r
		}
	}
	return m
}

// outcomeLines renders a repository's checks one per line, sorted by id,
// for the line diff.
func outcomeLines(r scorecard.Repo) string {
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%-36s %s\n", c.ID, c.Outcome)
	}
	return b.String()
}
