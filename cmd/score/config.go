package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/pipeline"
	"github.com/scoredev/score/scorecards"
)

// platformConfig is the platform team's score.yaml, passed with --config.
type platformConfig struct {
	// Policies are extra policy directories or bundles, relative to the file.
	Policies []string `yaml:"policies"`
	// Disable lists check ids to leave out.
	Disable []string `yaml:"disable"`
	// Config is handed to policies as data.score.config.
	Config map[string]any `yaml:"config"`
	// Teams maps GitLab group paths (globs; "/**" for a whole subtree) to
	// teams for repositories that declare no owner, and other spellings of
	// a team to its name (see teamsConfig).
	Teams teamsConfig `yaml:"teams"`
	// Exemptions apply across the organisation; Repo is a glob on the
	// repository name.
	Exemptions []struct {
		Repo    string `yaml:"repo"`
		Check   string `yaml:"check"`
		Reason  string `yaml:"reason"`
		Expires string `yaml:"expires"`
	} `yaml:"exemptions"`
	// Enforce is the default --enforce level.
	Enforce string `yaml:"enforce"`

	path  string
	lines map[string]int
}

var (
	yamlLine   = regexp.MustCompile(`line (\d+): `)
	yamlPrefix = regexp.MustCompile(`^yaml: (unmarshal errors:\n\s*)?`)
)

// loadConfig reads a platform config. A missing path means no config.
func loadConfig(path string) (*platformConfig, error) {
	cfg := &platformConfig{}
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("read config: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, usageErrorf("%s", yamlError(path, err))
	}
	cfg.path = path
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	cfg.lines = exemptionLines(&root)
	var problems []error
	for i, e := range cfg.Exemptions {
		if e.Check == "" {
			problems = append(problems, fmt.Errorf("%s:%d: exemption without check", path, cfg.lines[strconv.Itoa(i)]))
		}
	}
	for _, p := range cfg.Teams.problems {
		problems = append(problems, fmt.Errorf("%s:%d: %s", path, p.line, p.msg))
	}
	if cfg.Enforce != "" && !validLevel(cfg.Enforce) {
		problems = append(problems, fmt.Errorf("%s: enforce: %q is not one of bronze, silver, gold", path, cfg.Enforce))
	}
	if err := errors.Join(problems...); err != nil {
		return nil, usageErrorf("%v", err)
	}
	dir := filepath.Dir(path)
	for i, p := range cfg.Policies {
		if !filepath.IsAbs(p) {
			cfg.Policies[i] = filepath.Join(dir, p)
		}
	}
	return cfg, nil
}

// yamlError turns yaml.v3's "yaml: line 3: ..." into "file:3: ...".
func yamlError(path string, err error) string {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = yamlPrefix.ReplaceAllString(msg, "")
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		return fmt.Sprintf("%s:%s: %s", path, msg[m[2]:m[3]], msg[:m[0]]+msg[m[1]:])
	}
	return fmt.Sprintf("%s: %s", path, msg)
}

// exemptionLines maps the index of each exemptions entry to its line.
func exemptionLines(root *yaml.Node) map[string]int {
	lines := map[string]int{}
	if root == nil || len(root.Content) == 0 {
		return lines
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "exemptions" {
			for j, item := range doc.Content[i+1].Content {
				lines[strconv.Itoa(j)] = item.Line
			}
		}
	}
	return lines
}

// teamRules and orgExemptions hand the config to the pipeline.
func (c *platformConfig) teamRules() []pipeline.TeamRule {
	var rules []pipeline.TeamRule
	for _, t := range c.Teams.Groups {
		rules = append(rules, pipeline.TeamRule{Pattern: t.Match, Team: pipeline.PlainOwner(t.Team).Name})
	}
	return rules
}

func (c *platformConfig) orgExemptions() []pipeline.OrgExemption {
	var out []pipeline.OrgExemption
	for i, e := range c.Exemptions {
		out = append(out, pipeline.OrgExemption{Repo: e.Repo, ExemptionInput: scorecards.ExemptionInput{
			Check: e.Check, Reason: e.Reason, Expires: e.Expires, Path: c.path, Line: c.lines[strconv.Itoa(i)],
		}})
	}
	return out
}

func validLevel(l string) bool {
	return l == scorecards.Bronze || l == scorecards.Silver || l == scorecards.Gold
}
