package config

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Components is the platform config's `components:`: path.Match globs of
// the folders that are components of a monorepo, relative to a
// repository's root, such as
//
//	components:
//	  - src/*
//	  - services/*
//
// A repository with two or more folders matching them is scored per
// component (docs/architecture.md, "Components"); a repository's own
// catalog-info.yaml files and .score.yaml `components:` come first.
type Components struct {
	Globs []string
	lines []int
}

func (c *Components) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("line %d: components: want a list of folder globs", n.Line)
	}
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: components: want a folder glob", item.Line)
		}
		c.Globs = append(c.Globs, item.Value)
		c.lines = append(c.lines, item.Line)
	}
	return nil
}

// problems names each glob that cannot match a folder, with its line.
func (c Components) problems(file string) []error {
	var out []error
	for i, g := range c.Globs {
		at := fmt.Sprintf("%s:%d", file, c.lines[i])
		_, err := path.Match(g, "")
		switch {
		case strings.TrimSpace(g) == "":
			out = append(out, fmt.Errorf("%s: components: an empty glob", at))
		case err != nil:
			out = append(out, fmt.Errorf("%s: components: %q: %v", at, g, err))
		case strings.HasPrefix(g, "/") || strings.Contains(g, ".."):
			out = append(out, fmt.Errorf("%s: components: %q: want a path relative to the repository root", at, g))
		}
	}
	return out
}
