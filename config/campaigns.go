package config

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Campaigns is the platform config's `campaigns:`: time-boxed drives that
// move a set of repositories onto (part of) the golden path by a date
// (README, "Campaigns: time-boxed drives onto the path"):
//
//	campaigns:
//	  - id: payments-silver
//	    title: Payments services at silver
//	    target: {level: silver}   # or {checks: [ids]}, or {path: PATH-ID}
//	    scope: {teams: [payments]} # teams, paths, repos (globs); empty: all
//	    starts: 2026-12-01
//	    due: 2027-03-31
//
// Problems are kept with their lines and reported by Load, all at once.
type Campaigns struct {
	List []Campaign

	problems []lineProblem
}

// Campaign is one entry of `campaigns:`.
type Campaign struct {
	ID    string
	Title string
	// Target is what a repository in scope must reach: exactly one of its
	// fields is set.
	Target CampaignTarget
	// Scope selects the repositories; an empty field does not restrict.
	Scope CampaignScope
	// Starts and Due are calendar days (UTC); Due is the last day.
	Starts, Due time.Time
	// Line is where the entry starts in the config file.
	Line int
}

// CampaignTarget is a campaign's goal: a level, a list of checks, or a
// golden path (scorecard.Repo.Path).
type CampaignTarget struct {
	Level  string
	Checks []string
	Path   string
}

// CampaignScope selects a campaign's repositories: every non-empty field
// must match. Repos are globs on the repository name ("/**" for a whole
// group).
type CampaignScope struct {
	Teams []string
	Paths []string
	Repos []string
}

// DateLayout is how campaign dates are written.
const DateLayout = "2006-01-02"

var (
	campaignKeys = []string{"id", "title", "target", "scope", "starts", "due"}
	targetKinds  = []string{"checks", "level", "path"}
	scopeKeys    = []string{"paths", "repos", "teams"}
)

func (c *Campaigns) problem(line int, format string, args ...any) {
	c.problems = append(c.problems, lineProblem{line, fmt.Sprintf(format, args...)})
}

// UnmarshalYAML reads the list by hand so that every mistake is reported
// with its line, not just the first.
func (c *Campaigns) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		c.problem(n.Line, "campaigns: want a list of campaigns")
		return nil
	}
	seen := map[string]int{}
	for _, item := range n.Content {
		camp, ok := c.decodeCampaign(item)
		if !ok {
			continue
		}
		if first, dup := seen[camp.ID]; dup {
			c.problem(item.Line, "campaigns: id %q is already used (line %d)", camp.ID, first)
			continue
		}
		seen[camp.ID] = item.Line
		c.List = append(c.List, camp)
	}
	return nil
}

func (c *Campaigns) decodeCampaign(item *yaml.Node) (Campaign, bool) {
	camp := Campaign{Line: item.Line}
	if item.Kind != yaml.MappingNode {
		c.problem(item.Line, "campaigns: each entry is a mapping with %s", strings.Join(campaignKeys, ", "))
		return camp, false
	}
	before := len(c.problems)
	var hasTarget, hasStarts, hasDue bool
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		switch k.Value {
		case "id":
			camp.ID = c.scalar(v, "id")
		case "title":
			camp.Title = c.scalar(v, "title")
		case "starts":
			camp.Starts, hasStarts = c.date(v, "starts")
		case "due":
			camp.Due, hasDue = c.date(v, "due")
		case "target":
			hasTarget = true
			camp.Target = c.target(v)
		case "scope":
			camp.Scope = c.scope(v)
		default:
			c.problem(k.Line, "campaigns: unknown key %q (known: %s)", k.Value, strings.Join(campaignKeys, ", "))
		}
	}
	what := "campaign"
	if camp.ID != "" {
		what = fmt.Sprintf("campaign %q", camp.ID)
	}
	if strings.TrimSpace(camp.ID) == "" {
		c.problem(item.Line, "campaigns: entry without id")
	}
	if !hasTarget {
		c.problem(item.Line, "%s: no target (want level, checks or path)", what)
	}
	if !hasStarts {
		c.problem(item.Line, "%s: no starts date (want YYYY-MM-DD)", what)
	}
	if !hasDue {
		c.problem(item.Line, "%s: no due date (want YYYY-MM-DD)", what)
	}
	if hasStarts && hasDue && camp.Due.Before(camp.Starts) {
		c.problem(item.Line, "%s: due %s is before starts %s", what, camp.Due.Format(DateLayout), camp.Starts.Format(DateLayout))
	}
	if camp.Title == "" {
		camp.Title = camp.ID
	}
	return camp, len(c.problems) == before
}

func (c *Campaigns) scalar(v *yaml.Node, key string) string {
	if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
		c.problem(v.Line, "campaigns: %s: want a non-empty string", key)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (c *Campaigns) date(v *yaml.Node, key string) (time.Time, bool) {
	if v.Kind != yaml.ScalarNode {
		c.problem(v.Line, "campaigns: %s: want a date YYYY-MM-DD", key)
		return time.Time{}, false
	}
	d, err := time.Parse(DateLayout, strings.TrimSpace(v.Value))
	if err != nil {
		c.problem(v.Line, "campaigns: %s: %q is not a date YYYY-MM-DD", key, v.Value)
		return time.Time{}, false
	}
	return d, true
}

func (c *Campaigns) list(v *yaml.Node, key string) []string {
	if v.Kind != yaml.SequenceNode {
		c.problem(v.Line, "campaigns: %s: want a list", key)
		return nil
	}
	var out []string
	for _, e := range v.Content {
		if s := c.scalar(e, key); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 && len(v.Content) == 0 {
		c.problem(v.Line, "campaigns: %s: empty list", key)
	}
	return out
}

func (c *Campaigns) target(v *yaml.Node) CampaignTarget {
	var t CampaignTarget
	if v.Kind != yaml.MappingNode || len(v.Content) != 2 {
		c.problem(v.Line, "campaigns: target: want exactly one of {level: LEVEL}, {checks: [IDS]}, {path: PATH-ID}")
		return t
	}
	k, val := v.Content[0], v.Content[1]
	switch k.Value {
	case "level":
		t.Level = c.scalar(val, "target.level")
		if t.Level != "" && !ValidLevel(t.Level) {
			c.problem(val.Line, "campaigns: target.level: %q is not one of bronze, silver, gold", t.Level)
		}
	case "checks":
		t.Checks = c.list(val, "target.checks")
	case "path":
		t.Path = c.scalar(val, "target.path")
	default:
		c.problem(k.Line, "campaigns: target: unknown kind %q (known: %s)", k.Value, strings.Join(targetKinds, ", "))
	}
	return t
}

func (c *Campaigns) scope(v *yaml.Node) CampaignScope {
	var s CampaignScope
	if v.Kind != yaml.MappingNode {
		c.problem(v.Line, "campaigns: scope: want a mapping with %s", strings.Join(scopeKeys, ", "))
		return s
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "teams":
			s.Teams = c.list(val, "scope.teams")
		case "paths":
			s.Paths = c.list(val, "scope.paths")
		case "repos":
			s.Repos = c.list(val, "scope.repos")
			for _, g := range s.Repos {
				if _, err := path.Match(strings.TrimSuffix(g, "/**"), ""); err != nil {
					c.problem(val.Line, "campaigns: scope.repos: bad glob %q: %v", g, err)
				}
			}
		default:
			c.problem(k.Line, "campaigns: scope: unknown key %q (known: %s)", k.Value, strings.Join(scopeKeys, ", "))
		}
	}
	return s
}

// Campaign returns the campaign with this id.
func (c *Config) Campaign(id string) (Campaign, bool) {
	i := slices.IndexFunc(c.Campaigns.List, func(x Campaign) bool { return x.ID == id })
	if i < 0 {
		return Campaign{}, false
	}
	return c.Campaigns.List[i], true
}

// Today is the day `config: today:` pins (README, "The platform config":
// reproducible runs), when it is set to a date; campaigns count their days
// left from it. ok is false without one.
func (c *Config) Today() (day time.Time, ok bool) {
	switch v := c.Config["today"].(type) {
	case time.Time:
		return v.UTC(), true
	case string:
		d, err := time.Parse(DateLayout, strings.TrimSpace(v))
		return d, err == nil
	}
	return time.Time{}, false
}
