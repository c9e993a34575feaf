// Package config reads the platform team's score.yaml (passed with
// --config): extra policies, disabled checks, policy data, team rules and
// organisation-wide exemptions. See docs/architecture.md.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/scorecard"
)

// Config is the platform team's score.yaml, passed with --config.
type Config struct {
	// Policies are extra policy directories or bundles, relative to the file.
	Policies []string `yaml:"policies"`
	// Disable lists check ids to leave out.
	Disable []string `yaml:"disable"`
	// Config is handed to policies as data.score.config.
	Config map[string]any `yaml:"config"`
	// Teams maps GitLab group paths (globs; "/**" for a whole subtree) to
	// teams for repositories that declare no owner, and other spellings of
	// a team to its name (see Teams).
	Teams Teams `yaml:"teams"`
	// Exemptions apply across the organisation; Repo is a glob on the
	// repository name.
	Exemptions []struct {
		Repo    string `yaml:"repo"`
		Check   string `yaml:"check"`
		Reason  string `yaml:"reason"`
		Expires string `yaml:"expires"`
		// Paths scope the exemption to findings under these globs.
		Paths []string `yaml:"paths"`
	} `yaml:"exemptions"`
	// Overrides change loaded checks' level and weight (see Overrides).
	Overrides Overrides `yaml:"overrides"`
	// Enforce is the default --enforce level.
	Enforce string `yaml:"enforce"`
	// MaxExemptionDays, when above 0, refuses exemptions that expire more
	// than this many days after the day of the scan.
	MaxExemptionDays int `yaml:"max_exemption_days"`
	// Campaigns are time-boxed drives towards a target (config/campaigns.go).
	Campaigns Campaigns `yaml:"campaigns"`
	// Paths are the platform's golden paths (config/paths.go).
	Paths Paths `yaml:"paths"`
	// DeploySources link services to their workloads in deploy
	// repositories (config/deploy_sources.go).
	DeploySources DeploySources `yaml:"deploy_sources"`
	// Components are globs of monorepo component folders (see Components).
	Components Components `yaml:"components"`

	path      string
	lines     map[string]int
	dataLines map[string]int // line of each key under config:
	root      *yaml.Node
}

var (
	yamlLine   = lazyre.New(`line (\d+): `)
	yamlPrefix = lazyre.New(`^yaml: (unmarshal errors:\n\s*)?`)
)

// Load reads a platform config. A missing path means no config. Every
// error is a mistake in the file or its path (the CLI exits 2 for it).
// When the file is YAML but has mistakes (unknown keys, wrong types,
// invalid entries), Load returns what it could read together with the
// error, so that the caller can add the problems only it can see (see
// UnknownPolicyData) and report them all at once.
func Load(path string) (*Config, error) {
	cfg := &Config{}
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var problems []error
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, errors.New(yamlError(path, err))
		}
		problems = append(problems, errors.New(yamlError(path, err)))
	}
	cfg.path = path
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	cfg.lines = exemptionLines(&root)
	cfg.dataLines = policyDataLines(&root)
	cfg.root = &root
	for i, e := range cfg.Exemptions {
		if e.Check == "" {
			problems = append(problems, fmt.Errorf("%s:%d: exemption without check", path, cfg.lines[strconv.Itoa(i)]))
		}
	}
	for _, p := range slices.Concat(cfg.Teams.problems, cfg.Overrides.problems, cfg.Campaigns.problems,
		cfg.Paths.problems, cfg.DeploySources.problems) {
		problems = append(problems, fmt.Errorf("%s:%d: %s", path, p.line, p.msg))
	}
	problems = append(problems, cfg.Components.problems(path)...)
	if cfg.MaxExemptionDays < 0 {
		problems = append(problems, fmt.Errorf("%s: max_exemption_days: %d is negative (0 means no limit)", path, cfg.MaxExemptionDays))
	}
	if cfg.Enforce != "" && !ValidLevel(cfg.Enforce) {
		problems = append(problems, fmt.Errorf("%s: enforce: %q is not one of bronze, silver, gold", path, cfg.Enforce))
	}
	dir := filepath.Dir(path)
	for i, p := range cfg.Policies {
		if !filepath.IsAbs(p) {
			cfg.Policies[i] = filepath.Join(dir, p)
		}
	}
	return cfg, errors.Join(problems...)
}

// yamlError turns yaml.v3's "yaml: line 3: ..." into "file:3: ...".
// Every problem of a type error (each unknown key, each wrong type) is
// reported, one line each, so that one run names them all.
func yamlError(path string, err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		lines := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			lines[i] = yamlMessage(path, e)
		}
		return strings.Join(lines, "\n")
	}
	return yamlMessage(path, err.Error())
}

func yamlMessage(path, msg string) string {
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

// Path is the file the config was read from ("" for none).
func (c *Config) Path() string { return c.path }

// ExemptionLine is the line of the i-th exemptions entry in the file.
func (c *Config) ExemptionLine(i int) int { return c.lines[strconv.Itoa(i)] }

// ValidLevel reports whether l names a level (bronze, silver, gold).
func ValidLevel(l string) bool {
	return l == scorecard.Bronze || l == scorecard.Silver || l == scorecard.Gold
}
