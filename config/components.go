package config

import (
	"fmt"
	"path"
	"strings"
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
type Components []string

// problems names each glob that cannot match a folder.
func (c Components) problems(file string) []error {
	var out []error
	for _, g := range c {
		_, err := path.Match(g, "")
		switch {
		case strings.TrimSpace(g) == "":
			out = append(out, fmt.Errorf("%s: components: an empty glob", file))
		case err != nil:
			out = append(out, fmt.Errorf("%s: components: %q: %v", file, g, err))
		case strings.HasPrefix(g, "/") || strings.Contains(g, ".."):
			out = append(out, fmt.Errorf("%s: components: %q: want a path relative to the repository root", file, g))
		}
	}
	return out
}
