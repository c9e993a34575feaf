package main

import (
	"context"

	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/internal/pipeline"
	"github.com/scoredev/score/policies"
	"github.com/scoredev/score/scanners"
)

// engineOptions gathers the policy sources: the embedded golden path, then
// the config's policies, then --policy flags (later ids replace earlier).
func engineOptions(g *globalOptions, cfg *platformConfig) (engine.Options, error) {
	schema, err := scanners.FactsSchema()
	if err != nil {
		return engine.Options{}, err
	}
	return engine.Options{
		DefaultFS:   policies.FS(),
		Sources:     append(append([]string{}, cfg.Policies...), g.policies...),
		Disabled:    append(append([]string{}, cfg.Disable...), g.disabled...),
		Config:      cfg.Config,
		InputSchema: schema,
	}, nil
}

// loadPipeline loads the config and the policies once for a command.
func loadPipeline(ctx context.Context, g *globalOptions) (*pipeline.Pipeline, *platformConfig, error) {
	cfg, err := loadConfig(g.configPath)
	if err != nil {
		return nil, nil, err
	}
	opts, err := engineOptions(g, cfg)
	if err != nil {
		return nil, nil, err
	}
	eng, err := engine.Load(ctx, opts)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: "load policies: " + err.Error()}
	}
	return &pipeline.Pipeline{Engine: eng, Teams: cfg.teamRules(), Aliases: cfg.Teams.Aliases, Exemptions: cfg.orgExemptions()}, cfg, nil
}
