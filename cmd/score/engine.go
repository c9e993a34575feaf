package main

import (
	"context"
	"errors"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
)

// loadConfig reads --config; any problem with it is a usage error (exit 2).
func loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return cfg, nil
}

// engineOptions gathers the policy sources: the embedded golden path, then
// the config's policies, then --policy flags (later ids replace earlier).
func engineOptions(g *globalOptions, cfg *config.Config) (engine.Options, error) {
	opts, err := app.EngineOptions(cfg, g.policies, g.disabled)
	if err != nil {
		return opts, err
	}
	opts.CacheDir, opts.ToolVersion = policyCacheDir(g), toolVersion()
	return opts, nil
}

// loadPipeline loads the config and the policies once for a command.
// Every problem of the config, those config.Load sees and the keys under
// config: that no loaded policy reads, is reported at once (exit 2).
func loadPipeline(ctx context.Context, g *globalOptions) (*app.Pipeline, *config.Config, error) {
	cfg, cfgErr := config.Load(g.configPath)
	if cfg == nil {
		return nil, nil, usageErrorf("%v", cfgErr)
	}
	opts, err := engineOptions(g, cfg)
	if err != nil {
		return nil, nil, usageErrorf("%v", errors.Join(cfgErr, err))
	}
	eng, err := engine.Load(ctx, opts)
	if err != nil {
		return nil, nil, usageErrorf("%v", errors.Join(cfgErr, errors.New("load policies: "+err.Error())))
	}
	if err := config.JoinProblems(cfgErr, cfg.UnknownPolicyData(eng.Needs().ConfigKeys)); err != nil {
		return nil, nil, usageErrorf("%v", err)
	}
	p := app.NewPipeline(eng, cfg)
	if g.debugLog != "" {
		p.DebugLog = &debugLog{path: g.debugLog}
	}
	return p, cfg, nil
}
