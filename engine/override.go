package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Override changes one loaded check's level or weight without touching its
// Rego (the platform config's `overrides:`). An empty Level or a zero
// Weight keeps the check's own.
type Override struct {
	ID     string
	Level  string
	Weight int
	// Pos is where the override is written ("score.yaml:12"), for errors.
	Pos string
}

// applyOverrides returns checks with the overrides applied (the originals
// are left alone: they may be shared with the load cache). An override of
// an id that is not loaded is an error naming its position and the known
// ids, every such override at once.
func applyOverrides(checks []*Check, overrides []Override) ([]*Check, error) {
	if len(overrides) == 0 {
		return checks, nil
	}
	byID := map[string]int{}
	out := make([]*Check, len(checks))
	for i, c := range checks {
		cp := *c
		out[i] = &cp
		byID[c.ID] = i
	}
	var errs []error
	for _, o := range overrides {
		i, ok := byID[o.ID]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: overrides: unknown check id %q (a disabled check cannot be overridden; `score policy list` shows the ids)", o.Pos, o.ID))
			continue
		}
		if o.Level != "" {
			if !slices.Contains(Levels, o.Level) {
				errs = append(errs, fmt.Errorf("%s: overrides: %s: level %q is not one of %s", o.Pos, o.ID, o.Level, strings.Join(Levels, ", ")))
				continue
			}
			out[i].Level = o.Level
		}
		if o.Weight < 0 {
			errs = append(errs, fmt.Errorf("%s: overrides: %s: weight %d is not a positive integer", o.Pos, o.ID, o.Weight))
			continue
		}
		if o.Weight > 0 {
			out[i].Weight = o.Weight
		}
	}
	return out, errors.Join(errs...)
}
