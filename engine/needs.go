package engine

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Needs is what the loaded policies read besides the facts: the keys of
// data.score.config, and the repository files whose parsed content they
// read as input.files (see docs/writing-policies.md).
type Needs struct {
	// ConfigKeys are the top-level keys of data.score.config that some
	// policy reads: every data.score.config.<key> reference, and the keys
	// a package lists in its METADATA custom.config (for a policy that
	// reads keys through a helper, data.score.config[key]). Sorted.
	ConfigKeys []string `json:"config_keys,omitempty"`
	// Files are the globs (slash paths from the repository root; "*"
	// within a segment, "**" any number of segments) that packages list in
	// their METADATA custom.files: the union over every loaded policy.
	// Sorted; empty means no policy reads files.
	Files []string `json:"files,omitempty"`
}

var configRoot = ast.MustParseRef("data.score.config")

// needsOf reads the Needs of the policy modules (tests excluded): the
// package-scope METADATA custom.config and custom.files lists, and the
// references to data.score.config.<key>. A list of the wrong shape or a
// glob that does not parse is an error at its file and line.
func needsOf(mods []*module) (Needs, error) {
	config, files := map[string]bool{}, map[string]bool{}
	var errs []error
	for _, m := range mods {
		if m.test || m.parsed == nil {
			continue
		}
		for _, a := range m.parsed.Annotations {
			if a.Scope != "package" {
				continue
			}
			pos := fmt.Sprintf("%s:%d", m.file, a.Location.Row)
			for _, key := range []string{"config", "files"} {
				v, ok := a.Custom[key]
				if !ok {
					continue
				}
				list, ok := stringList(v)
				if !ok {
					errs = append(errs, fmt.Errorf("%s: custom.%s must be a list of strings", pos, key))
					continue
				}
				for _, s := range list {
					if key == "config" {
						config[s] = true
						continue
					}
					if err := validGlob(s); err != nil {
						errs = append(errs, fmt.Errorf("%s: custom.files: %q: %v", pos, s, err))
						continue
					}
					files[s] = true
				}
			}
		}
		ast.WalkRefs(m.parsed, func(r ast.Ref) bool {
			if len(r) > len(configRoot) && r.HasPrefix(configRoot) {
				if s, ok := r[len(configRoot)].Value.(ast.String); ok {
					config[string(s)] = true
				}
			}
			return false
		})
	}
	return Needs{ConfigKeys: sortedKeys(config), Files: sortedKeys(files)}, errors.Join(errs...)
}

func stringList(v any) ([]string, bool) {
	items, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return nil, false
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, true
}

// validGlob refuses a glob that could never match a path inside the
// repository: absolute, with "..", or not valid for path.Match.
func validGlob(g string) error {
	if strings.HasPrefix(g, "/") || slices.Contains(strings.Split(g, "/"), "..") {
		return errors.New("must be a path inside the repository (no leading / or ..)")
	}
	for _, seg := range strings.Split(g, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Needs returns what the loaded policies read besides the facts.
func (e *Engine) Needs() Needs {
	return Needs{ConfigKeys: slices.Clone(e.needs.ConfigKeys), Files: slices.Clone(e.needs.Files)}
}
