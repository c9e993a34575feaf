package app

import (
	"fmt"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/policies"
	"github.com/scoredev/score/scorecard"
)

// EngineOptions gathers the policy sources: the embedded golden path, then
// the config's policies, then extra (later ids replace earlier); disabled
// adds to the config's disable list. cfg may be nil (no config).
func EngineOptions(cfg *config.Config, extra, disabled []string) (engine.Options, error) {
	if cfg == nil {
		cfg = &config.Config{}
	}
	schema, err := facts.FactsSchema()
	if err != nil {
		return engine.Options{}, err
	}
	// The end-of-life table of build.runtime-supported reaches policies as
	// data.score.config.runtimes, the config's own entries winning.
	config, err := policies.WithRuntimes(cfg.Config)
	if err != nil {
		return engine.Options{}, fmt.Errorf("%s: %w", cfg.Path(), err)
	}
	var overrides []engine.Override
	for _, o := range cfg.Overrides.List {
		overrides = append(overrides, engine.Override{ID: o.ID, Level: o.Level, Weight: o.Weight, Pos: fmt.Sprintf("%s:%d", cfg.Path(), o.Line)})
	}
	return engine.Options{
		Overrides:   overrides,
		DefaultFS:   policies.FS(),
		Sources:     append(append([]string{}, cfg.Policies...), extra...),
		Disabled:    append(append([]string{}, cfg.Disable...), disabled...),
		Config:      config,
		InputSchema: schema,
	}, nil
}

// NewPipeline scores with eng and the config's team rules and org-wide
// exemptions. cfg may be nil (no config).
func NewPipeline(eng *engine.Engine, cfg *config.Config) *Pipeline {
	if cfg == nil {
		cfg = &config.Config{}
	}
	return &Pipeline{Engine: eng, Teams: teamRules(cfg), Aliases: cfg.Teams.Aliases, Exemptions: orgExemptions(cfg), MaxExemptionDays: cfg.MaxExemptionDays,
		ComponentGlobs: cfg.Components.Globs}
}

// teamRules and orgExemptions hand the config to the pipeline.
func teamRules(c *config.Config) []TeamRule {
	var rules []TeamRule
	for _, t := range c.Teams.Groups {
		rules = append(rules, TeamRule{Pattern: t.Match, Team: scorecard.PlainOwner(t.Team).Name})
	}
	return rules
}

func orgExemptions(c *config.Config) []OrgExemption {
	var out []OrgExemption
	for i, e := range c.Exemptions {
		out = append(out, OrgExemption{Repo: e.Repo, ExemptionInput: scorecard.ExemptionInput{
			Check: e.Check, Reason: e.Reason, Expires: e.Expires, Path: c.Path(), Line: c.ExemptionLine(i), Paths: e.Paths,
		}})
	}
	return out
}
