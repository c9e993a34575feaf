package main

import (
	"context"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/policies"
)

// engineOptions gathers the policy sources: the embedded golden path, then
// the config's policies, then --policy flags (later ids replace earlier).
func engineOptions(g *globalOptions, cfg *platformConfig) (engine.Options, error) {
	schema, err := facts.FactsSchema()
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
func loadPipeline(ctx context.Context, g *globalOptions) (*app.Pipeline, *platformConfig, error) {
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
	return &app.Pipeline{Engine: eng, Teams: cfg.teamRules(), Exemptions: cfg.orgExemptions()}, cfg, nil
}
