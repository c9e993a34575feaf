package main

import (
	"github.com/spf13/pflag"

	"github.com/scoredev/score/app"
)

// componentFlag is `--component NAME` of check and ci: narrow a monorepo
// to one component (docs/architecture.md, "Components").
type componentFlag struct{ name string }

func (c *componentFlag) add(f *pflag.FlagSet) {
	f.StringVar(&c.name, "component", "", "in a monorepo, score only this component (its name or folder)")
}

// apply narrows the pipeline; the base of a comparison is narrowed the
// same way, as it is scored by the same pipeline.
func (c *componentFlag) apply(p *app.Pipeline) { p.OnlyComponent = c.name }
