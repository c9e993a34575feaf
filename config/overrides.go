package config

import (
	"fmt"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Overrides is the platform config's `overrides:`: a default (or any
// loaded) check's level and weight changed without copying its Rego.
//
//	overrides:
//	  observability.tracing: {level: silver, weight: 3}
//
// Problems are kept with their lines and reported by Load, all at once;
// whether each id names a loaded check is for the engine to say, with the
// entry's Pos.
type Overrides struct {
	List []Override

	problems []lineProblem
}

// Override is one entry of `overrides:`. Level is "" and Weight 0 when
// the entry leaves them as the check declares.
type Override struct {
	ID     string
	Level  string
	Weight int
	Line   int
}

func (o *Overrides) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == 0 || n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		o.problems = append(o.problems, lineProblem{n.Line, "overrides: want a mapping of check id: {level, weight}"})
		return nil
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			o.problems = append(o.problems, lineProblem{k.Line, fmt.Sprintf("overrides: %s is already overridden (line %d)", k.Value, first)})
			continue
		}
		seen[k.Value] = k.Line
		if v.Kind != yaml.MappingNode {
			o.problems = append(o.problems, lineProblem{v.Line, fmt.Sprintf("overrides: %s: want {level, weight}", k.Value)})
			continue
		}
		ov := Override{ID: k.Value, Line: k.Line}
		for j := 0; j+1 < len(v.Content); j += 2 {
			key, val := v.Content[j], v.Content[j+1]
			switch key.Value {
			case "level":
				if !ValidLevel(val.Value) || val.Kind != yaml.ScalarNode {
					o.problems = append(o.problems, lineProblem{val.Line, fmt.Sprintf("overrides: %s: level %q is not one of bronze, silver, gold", k.Value, val.Value)})
					continue
				}
				ov.Level = val.Value
			case "weight":
				w, err := strconv.Atoi(val.Value)
				if err != nil || w <= 0 || val.Kind != yaml.ScalarNode {
					o.problems = append(o.problems, lineProblem{val.Line, fmt.Sprintf("overrides: %s: weight %q is not a positive integer", k.Value, val.Value)})
					continue
				}
				ov.Weight = w
			default:
				o.problems = append(o.problems, lineProblem{key.Line, fmt.Sprintf("overrides: %s: unknown key %q (want level, weight)", k.Value, key.Value)})
			}
		}
		if ov.Level == "" && ov.Weight == 0 && len(v.Content) == 0 {
			o.problems = append(o.problems, lineProblem{v.Line, fmt.Sprintf("overrides: %s: set level, weight or both", k.Value)})
			continue
		}
		o.List = append(o.List, ov)
	}
	slices.SortFunc(o.List, func(a, b Override) int { return a.Line - b.Line })
	return nil
}
