package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/config"
)

// newPathCmd is `score path list|explain`: the platform config's golden
// paths, and why a repository lands on one.
func newPathCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "path",
		Short: "The golden paths of the platform config, and why a repository is on one",
		Long: `A platform config (--config) may declare several golden paths under paths:,
each with its own catalogue of checks. A repository's path is, in order: its
.score.yaml path:, its catalog-info.yaml score.dev/path annotation, its
catalog spec.type listed in a path's catalog_types, the first path whose
select matches, else off-path (scored against the default catalogue, never
failed for being off every path).`,
	}
	cmd.AddCommand(newPathListCmd(g), newPathExplainCmd(g))
	return cmd
}

func newPathListCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the golden paths: how a repository is selected and what it is checked against",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, cfg, err := loadPipeline(cmd.Context(), g)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			all := len(p.Engine.Checks())
			if p.Paths == nil {
				_, err := fmt.Fprintf(w, "no paths in %s: every repository is scored against the default catalogue (%d checks)\n", configName(cfg), all)
				return err
			}
			var b strings.Builder
			for _, d := range p.Paths.Defs() {
				writePathDef(&b, d, false)
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s\n  repositories on no path: the default catalogue (%d checks); reported as off every path, never failed for it\n", config.OffPath, all)
			_, err = io.WriteString(w, sanitizeTerminal(b.String()))
			return err
		},
	}
}

type pathExplainOptions struct {
	repo string
}

func newPathExplainCmd(g *globalOptions) *cobra.Command {
	o := &pathExplainOptions{}
	cmd := &cobra.Command{
		Use:   "explain [PATH]",
		Short: "Show a path's catalogue, or why the repository in --repo is on the path it is on",
		Example: `  score path explain --config score.yaml --repo .
  score path explain go-service --config score.yaml
  score path explain go-service --config score.yaml --repo ./payments-api`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, cfg, err := loadPipeline(cmd.Context(), g)
			if err != nil {
				return err
			}
			if p.Paths == nil {
				return usageErrorf("no paths in %s: nothing to explain", configName(cfg))
			}
			defs := p.Paths.Defs()
			var def *app.PathDef
			if len(args) == 1 {
				i := slices.IndexFunc(defs, func(d app.PathDef) bool { return d.ID == args[0] })
				if i < 0 && args[0] != config.OffPath {
					return usageErrorf("no path %q (known: %s)", args[0], strings.Join(cfg.Paths.IDs(), ", "))
				}
				if i >= 0 {
					def = &defs[i]
				}
			}
			if o.repo == "" && len(args) == 0 {
				o.repo = "."
			}
			var b strings.Builder
			if def != nil && o.repo == "" {
				writePathDef(&b, *def, true)
			}
			if o.repo != "" {
				if err := explainRepoPath(cmd, p, o.repo, args, &b); err != nil {
					return err
				}
			}
			_, err = io.WriteString(cmd.OutOrStdout(), sanitizeTerminal(b.String()))
			return err
		},
	}
	cmd.Flags().StringVar(&o.repo, "repo", "", "repository folder to explain (default: the current folder when no PATH is given)")
	return cmd
}

// explainRepoPath resolves the path of the repository in dir and writes
// every step asked; with a PATH argument, also whether it is that one.
func explainRepoPath(cmd *cobra.Command, p *app.Pipeline, dir string, args []string, b *strings.Builder) error {
	snap, err := localRepo(dir)
	if err != nil {
		return err
	}
	want := ""
	if len(args) == 1 {
		want = args[0]
	}
	ch, err := p.ExplainPath(cmd.Context(), snap, want)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "%s: path %s\n  %s\n\n", snap.Info.Name, ch.ID, ch.Reason)
	b.WriteString("steps, in order:\n")
	for _, s := range ch.Trace {
		mark := "-"
		if s.Matched {
			mark = "✓"
		}
		target := ""
		if s.Path != "" {
			target = " " + s.Path
		}
		fmt.Fprintf(b, "  %s %s%s: %s\n", mark, s.Step, target, s.Detail)
	}
	for _, w := range ch.Warnings {
		fmt.Fprintf(b, "warning: %s\n", w)
	}
	if len(args) == 1 {
		if ch.ID == args[0] {
			fmt.Fprintf(b, "\nit is on %s\n", args[0])
		} else {
			fmt.Fprintf(b, "\nit is not on %s", args[0])
			for _, s := range ch.Trace {
				switch {
				case s.Path != args[0]:
				case s.Step == "select (not reached)" && s.Matched:
					fmt.Fprintf(b, ": its select matches (%s), but %s comes first", s.Detail, ch.ID)
				case !s.Matched:
					fmt.Fprintf(b, ": %s", s.Detail)
				}
			}
			b.WriteString("\n")
		}
	}
	return nil
}

// writePathDef writes one path: id and title, how a repository gets on
// it, and its catalogue (every id when full).
func writePathDef(b *strings.Builder, d app.PathDef, full bool) {
	fmt.Fprintf(b, "%s", d.ID)
	if d.Title != "" {
		fmt.Fprintf(b, " — %s", d.Title)
	}
	fmt.Fprintf(b, "  (%s:%d)\n", d.Source, d.Line)
	if len(d.CatalogTypes) > 0 {
		fmt.Fprintf(b, "  catalog types: %s\n", strings.Join(d.CatalogTypes, ", "))
	}
	if s := d.Select; s != nil {
		var conds []string
		add := func(name string, vs []string) {
			if len(vs) > 0 {
				conds = append(conds, name+" "+strings.Join(vs, "|"))
			}
		}
		add("languages", s.Languages)
		for _, h := range s.Has {
			conds = append(conds, "has "+h)
		}
		add("catalog_type", s.CatalogType)
		add("repos", s.Repos)
		add("teams", s.Teams)
		add("files", s.Files)
		if s.Rego != "" {
			conds = append(conds, "rule "+s.Rego)
		}
		fmt.Fprintf(b, "  select: %s\n", strings.Join(conds, " and "))
	} else {
		b.WriteString("  select: none (only a declaration puts a repository on it)\n")
	}
	var entries []string
	for _, e := range d.Path.Checks {
		entries = append(entries, e.Name)
	}
	if len(entries) == 0 {
		entries = []string{"default"}
	}
	fmt.Fprintf(b, "  checks: %s (%d checks)\n", strings.Join(entries, ", "), len(d.Checks))
	if full {
		for _, id := range d.Checks {
			fmt.Fprintf(b, "    %s\n", id)
		}
	}
	if len(d.Config) > 0 {
		keys := make([]string, 0, len(d.Config))
		for k := range d.Config {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(b, "  config: %s\n", strings.Join(keys, ", "))
	}
	if n := len(d.Exemptions); n > 0 {
		fmt.Fprintf(b, "  exemptions: %d\n", n)
	}
}

func configName(cfg *config.Config) string {
	if cfg.Path() == "" {
		return "the platform config (none given: --config)"
	}
	return cfg.Path()
}
