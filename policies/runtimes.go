package policies

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
)

// runtimesJSON is the dated end-of-life table build.runtime-supported
// reads: {"source", "date", "runtimes": {name: {cycle: "YYYY-MM-DD"}}}.
//
//go:embed data/runtimes.json
var runtimesJSON []byte

// RuntimesKey is the config key under which policies read the end-of-life
// table (data.score.config.runtimes).
const RuntimesKey = "runtimes"

// WithRuntimes returns config with the embedded end-of-life table under
// RuntimesKey, the config's own `runtimes:` entries overriding or
// extending it cycle by cycle ({name: {cycle: date}}). The config is not
// modified.
func WithRuntimes(config map[string]any) (map[string]any, error) {
	var table struct {
		Source   string                       `json:"source"`
		Date     string                       `json:"date"`
		Runtimes map[string]map[string]string `json:"runtimes"`
	}
	if err := json.Unmarshal(runtimesJSON, &table); err != nil {
		return nil, fmt.Errorf("policies/data/runtimes.json: %w", err)
	}
	merged := map[string]any{}
	for name, cycles := range table.Runtimes {
		m := map[string]any{}
		for c, d := range cycles {
			m[c] = d
		}
		merged[name] = m
	}
	if own, ok := config[RuntimesKey]; ok {
		ownMap, ok := own.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("config runtimes: want a map of runtime name to {cycle: end-of-life date}, got %T", own)
		}
		for name, v := range ownMap {
			cycles, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("config runtimes.%s: want a map of cycle to end-of-life date (YYYY-MM-DD), got %T", name, v)
			}
			m, _ := merged[name].(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			for c, d := range cycles {
				if _, ok := d.(string); !ok {
					return nil, fmt.Errorf("config runtimes.%s.%s: want an end-of-life date (YYYY-MM-DD), got %T", name, c, d)
				}
				m[c] = d
			}
			merged[name] = m
		}
	}
	out := maps.Clone(config)
	if out == nil {
		out = map[string]any{}
	}
	out[RuntimesKey] = merged
	out["runtimes_source"] = map[string]any{"source": table.Source, "date": table.Date}
	return out, nil
}
