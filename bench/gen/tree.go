package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/scoredev/score/bench/internal/org"
)

// writeTree writes one monorepo of the organisation, of about files files,
// as a plain working tree: what `score check` (and Scorecard --local) read.
func writeTree(out string, seed uint64, templateDir string, files int) error {
	tmpls, err := org.LoadTemplates(templateDir)
	if err != nil {
		return err
	}
	p := org.NewPlanSized(seed, 0, tmpls, files, true)
	n := 0
	for name, data := range p.Files() {
		full := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "gen: %s: %d files in %s\n", p.Name, n, out)
	return nil
}
