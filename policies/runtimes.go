package policies

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
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
	var problems []error
	if own, ok := config[RuntimesKey]; ok {
		ownMap, ok := own.(map[string]any)
		if !ok {
			return nil, &ConfigError{Keys: []string{RuntimesKey}, Msg: fmt.Sprintf("want a map of runtime name to {cycle: end-of-life date}, got %T", own)}
		}
		for name, v := range ownMap {
			cycles, ok := v.(map[string]any)
			if !ok {
				problems = append(problems, &ConfigError{Keys: []string{RuntimesKey, name}, Msg: fmt.Sprintf("want a map of cycle to end-of-life date (YYYY-MM-DD), got %T", v)})
				continue
			}
			m, _ := merged[name].(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			for c, d := range cycles {
				if t, isTime := d.(time.Time); isTime {
					d = t.Format(time.DateOnly) // an unquoted YAML date
				}
				date, ok := d.(string)
				if !ok {
					problems = append(problems, &ConfigError{Keys: []string{RuntimesKey, name, c}, Msg: fmt.Sprintf("want an end-of-life date (YYYY-MM-DD), got %T", d)})
					continue
				}
				if _, err := time.Parse(time.DateOnly, date); err != nil {
					problems = append(problems, &ConfigError{Keys: []string{RuntimesKey, name, c}, Msg: fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", date)})
					continue
				}
				m[c] = date
			}
			merged[name] = m
		}
	}
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(problems...)
	}
	out := maps.Clone(config)
	if out == nil {
		out = map[string]any{}
	}
	out[RuntimesKey] = merged
	out["runtimes_source"] = map[string]any{"source": table.Source, "date": table.Date}
	return out, nil
}

// ConfigError is a mistake in the config's runtimes table, at Keys under
// `config:` (runtimes, name, cycle), so the caller can name its line.
type ConfigError struct {
	Keys []string
	Msg  string
}

func (e *ConfigError) Error() string { return "config " + strings.Join(e.Keys, ".") + ": " + e.Msg }
