package app

import (
	"errors"
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
	config, err := policies.WithRuntimes(withDeployElsewhere(cfg))
	if err != nil {
		return engine.Options{}, configErrors(cfg, err)
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
		DeploySources:  newDeploySources(cfg),
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

// configErrors names the file and line of each mistake in the config's
// runtimes table.
func configErrors(cfg *config.Config, err error) error {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []error
	for _, e := range errs {
		var ce *policies.ConfigError
		if errors.As(e, &ce) {
			if line := cfg.Line(append([]string{"config"}, ce.Keys...)...); line > 0 {
				out = append(out, fmt.Errorf("%s:%d: %w", cfg.Path(), line, e))
				continue
			}
		}
		out = append(out, fmt.Errorf("%s: %w", cfg.Path(), e))
	}
	return errors.Join(out...)
}
