package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/scorecard"
)

// Teams is the platform config's `teams:`. It is either a list of
// group mappings (the original form) or a mapping with `groups:` (that
// list) and `aliases:` (other spellings of a team -> its name):
//
//	teams:
//	  groups:
//	    - match: acme/payments/**
//	      team: payments
//	  aliases:
//	    acme/search: search
//	    web-team: web
//
// Problems are kept with their lines and reported by loadConfig, all at
// once.
type Teams struct {
	Groups  []TeamGroup
	Aliases map[string]string

	problems []lineProblem
}

type TeamGroup struct {
	Match string `yaml:"match"`
	Team  string `yaml:"team"`
	line  int
}

// lineProblem is a problem at a line of the config file.
type lineProblem struct {
	line int
	msg  string
}

func (t *Teams) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.SequenceNode:
		return t.decodeGroups(n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch k.Value {
			case "groups":
				if v.Kind != yaml.SequenceNode {
					t.problems = append(t.problems, lineProblem{v.Line, "teams.groups: want a list of {match, team}"})
					continue
				}
				if err := t.decodeGroups(v); err != nil {
					return err
				}
			case "aliases":
				t.decodeAliases(v)
			default:
				t.problems = append(t.problems, lineProblem{k.Line, fmt.Sprintf("teams: unknown key %q (want groups, aliases)", k.Value)})
			}
		}
		return nil
	case 0:
		return nil
	}
	t.problems = append(t.problems, lineProblem{n.Line, "teams: want a list of {match, team} or a mapping with groups and aliases"})
	return nil
}

func (t *Teams) decodeGroups(n *yaml.Node) error {
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			t.problems = append(t.problems, lineProblem{item.Line, "teams entries need both match and team"})
			continue
		}
		g := TeamGroup{line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "match", "team":
				if v.Kind != yaml.ScalarNode {
					t.problems = append(t.problems, lineProblem{v.Line, fmt.Sprintf("teams: %s: want a string", k.Value)})
					continue
				}
				if k.Value == "match" {
					g.Match = v.Value
				} else {
					g.Team = v.Value
				}
			default:
				t.problems = append(t.problems, lineProblem{k.Line, fmt.Sprintf("teams: unknown key %q (want match, team)", k.Value)})
			}
		}
		if g.Match == "" || g.Team == "" {
			t.problems = append(t.problems, lineProblem{item.Line, "teams entries need both match and team"})
			continue
		}
		t.Groups = append(t.Groups, g)
	}
	return nil
}

// decodeAliases reads alias -> team. Both sides are canonical team names
// (scorecard.PlainOwner: "@" dropped, "group:default/" resolved); aliases
// match case-insensitively. An alias may not lead to another alias.
func (t *Teams) decodeAliases(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		t.problems = append(t.problems, lineProblem{n.Line, "teams.aliases: want a mapping of alias: team"})
		return
	}
	t.Aliases = map[string]string{}
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || strings.TrimSpace(k.Value) == "" || strings.TrimSpace(v.Value) == "" {
			t.problems = append(t.problems, lineProblem{k.Line, "teams.aliases: each entry is alias: team, both non-empty strings"})
			continue
		}
		from := strings.ToLower(scorecard.PlainOwner(k.Value).Name)
		if first, dup := lines[from]; dup {
			t.problems = append(t.problems, lineProblem{k.Line, fmt.Sprintf("teams.aliases: %q is already an alias (line %d)", k.Value, first)})
			continue
		}
		lines[from] = k.Line
		t.Aliases[from] = scorecard.PlainOwner(v.Value).Name
	}
	for _, from := range slices.Sorted(maps.Keys(t.Aliases)) {
		to := t.Aliases[from]
		if _, chained := t.Aliases[strings.ToLower(to)]; chained && strings.ToLower(to) != from {
			t.problems = append(t.problems, lineProblem{lines[from], fmt.Sprintf("teams.aliases: %q maps to %q, which is itself an alias; map it to the final team", from, to)})
		}
	}
}
