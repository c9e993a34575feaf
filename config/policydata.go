package config

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/lazyre"
)

// policyDataLines maps each key of the top-level config: mapping (the
// policy data) to its line.
func policyDataLines(root *yaml.Node) map[string]int {
	lines := map[string]int{}
	if root == nil || len(root.Content) == 0 {
		return lines
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "config" || doc.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		data := doc.Content[i+1]
		for j := 0; j+1 < len(data.Content); j += 2 {
			lines[data.Content[j].Value] = data.Content[j].Line
		}
	}
	return lines
}

// UnknownPolicyData reports, one error per key at its line, the keys under
// config: that no loaded policy reads (known: the engine's
// Needs().ConfigKeys). A policy declares the keys it reads by reading
// data.score.config.KEY or listing them in its METADATA custom.config.
func (c *Config) UnknownPolicyData(known []string) error {
	var unknown []string
	for k := range c.Config {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.SortFunc(unknown, func(a, b string) int { return c.dataLines[a] - c.dataLines[b] })
	errs := make([]error, 0, len(unknown))
	for _, k := range unknown {
		errs = append(errs, fmt.Errorf("%s:%d: config: unknown key %q: no loaded policy reads it (known: %s; a custom policy declares the keys it reads with custom.config in its METADATA)",
			c.path, c.dataLines[k], k, strings.Join(known, ", ")))
	}
	return errors.Join(errs...)
}

var problemLine = lazyre.New(`^[^\n]*?:(\d+): `)

// JoinProblems joins problems of one config file into one error with a
// line each, ordered by line, so that a user fixing the file from top to
// bottom reads them in that order.
func JoinProblems(errs ...error) error {
	var lines []string
	for _, err := range errs {
		if err != nil {
			lines = append(lines, strings.Split(err.Error(), "\n")...)
		}
	}
	lineOf := func(s string) int {
		if m := problemLine.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		return 0
	}
	slices.SortStableFunc(lines, func(a, b string) int { return lineOf(a) - lineOf(b) })
	if len(lines) == 0 {
		return nil
	}
	return errors.New(strings.Join(lines, "\n"))
}
