package config

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/scorecard"
)

// OffPath is the path of a repository on none of the platform's paths
// (scorecard.OffPath, the value the scan document carries).
const OffPath = scorecard.OffPath

// HasValues are the words `select: {has: [...]}` understands, each a kind
// of thing the repository contains (README "Golden paths").
var HasValues = []string{"catalog", "ci", "compose", "container", "dependencies", "gitops", "helm", "kubernetes", "kustomize", "tests"}

// Paths is the platform config's `paths:`, the golden paths a platform
// team supports, in the order the file lists them (the first path whose
// select matches a repository is its path):
//
//	paths:
//	  go-service:
//	    title: Go service on the platform
//	    select: {languages: [go], has: [container]}
//	    checks: [default]
//	    config: {min_go: "1.23"}
//	  library:
//	    catalog_types: [library]
//	    checks: [build, test, security.dependency-updates, ownership]
//
// Problems are kept with their lines and reported by Load, all at once.
type Paths struct {
	List []Path

	problems []lineProblem
}

// Path is one golden path.
type Path struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Select, when set, is what puts a repository that declares no path
	// on this one; nil means only a declaration does.
	Select *Selector `json:"select,omitempty"`
	// CatalogTypes are catalog entity types (Backstage spec.type) that
	// declare this path, ranked above any select.
	CatalogTypes []string `json:"catalog_types,omitempty"`
	// Checks are the catalogue the path scores against: `default` (every
	// check), categories, check ids or globs on ids. Empty means default.
	Checks []CheckEntry `json:"checks,omitempty"`
	// Config is merged over the config's `config:` as data.score.config
	// for the repositories on this path.
	Config map[string]any `json:"config,omitempty"`
	// Exemptions apply to the repositories on this path only.
	Exemptions []PathExemption `json:"exemptions,omitempty"`
	Line       int             `json:"line"`
}

// Selector is a path's `select:`: every condition given must hold (each
// list matches when any of its entries does). Rego names a rule of the
// loaded policies (data.<package>.<rule>) that is true for the facts of a
// repository on the path.
type Selector struct {
	Languages   []string `json:"languages,omitempty"`
	Has         []string `json:"has,omitempty"`
	CatalogType []string `json:"catalog_type,omitempty"`
	// Repos and Files are globs on the repository name and its files
	// ("/**" for a subtree); Teams are team names.
	Repos []string `json:"repos,omitempty"`
	Files []string `json:"files,omitempty"`
	Teams []string `json:"teams,omitempty"`
	Rego  string   `json:"rego,omitempty"`
	Line  int      `json:"line"`
}

// CheckEntry is one entry of a path's checks, with its line.
type CheckEntry struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

// PathExemption is an exemption for the repositories of one path; Repo is
// a glob on the repository name ("" for all).
type PathExemption struct {
	Repo    string   `json:"repo,omitempty"`
	Check   string   `json:"check"`
	Reason  string   `json:"reason"`
	Expires string   `json:"expires"`
	Paths   []string `json:"paths,omitempty"`
	Line    int      `json:"line"`
}

// Get returns the path with this id.
func (p Paths) Get(id string) (Path, bool) {
	i := slices.IndexFunc(p.List, func(x Path) bool { return x.ID == id })
	if i < 0 {
		return Path{}, false
	}
	return p.List[i], true
}

// IDs lists the paths' ids in file order.
func (p Paths) IDs() []string {
	ids := make([]string, len(p.List))
	for i, x := range p.List {
		ids[i] = x.ID
	}
	return ids
}

var pathID = lazyre.New(`^[a-z0-9][a-z0-9._-]*$`)

func (p *Paths) problem(line int, format string, args ...any) {
	p.problems = append(p.problems, lineProblem{line, fmt.Sprintf(format, args...)})
}

func (p *Paths) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.problem(n.Line, "paths: want a mapping of path id to {title, select, checks, config}")
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := k.Value
		switch {
		case !pathID.MatchString(id):
			p.problem(k.Line, "paths: %q is not a path id (lower case letters, digits, '.', '_' and '-')", id)
			continue
		case id == OffPath:
			p.problem(k.Line, "paths: %q is reserved for repositories on no path", id)
			continue
		case slices.Contains(p.IDs(), id):
			p.problem(k.Line, "paths: %q is defined twice", id)
			continue
		}
		if v.Kind != yaml.MappingNode && !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			p.problem(v.Line, "paths.%s: want a mapping with title, select, checks, config", id)
			continue
		}
		p.List = append(p.List, p.decodePath(id, k.Line, v))
	}
	return nil
}

func (p *Paths) decodePath(id string, line int, n *yaml.Node) Path {
	out := Path{ID: id, Line: line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		where := "paths." + id + "." + k.Value
		switch k.Value {
		case "title":
			out.Title = p.scalar(where, v)
		case "select":
			out.Select = p.decodeSelect(where, v)
		case "catalog_types":
			out.CatalogTypes = p.strings(where, v)
		case "checks":
			for _, item := range p.items(where, v) {
				if s := p.scalar(where, item); s != "" {
					out.Checks = append(out.Checks, CheckEntry{Name: s, Line: item.Line})
				}
			}
		case "config":
			if v.Kind != yaml.MappingNode {
				p.problem(v.Line, "%s: want a mapping (merged into data.score.config)", where)
				continue
			}
			if err := v.Decode(&out.Config); err != nil {
				p.problem(v.Line, "%s: %v", where, err)
			}
		case "exemptions":
			for _, item := range p.items(where, v) {
				if e, ok := p.decodeExemption(where, item); ok {
					out.Exemptions = append(out.Exemptions, e)
				}
			}
		default:
			p.problem(k.Line, "paths.%s: unknown key %q (want title, select, catalog_types, checks, config, exemptions)", id, k.Value)
		}
	}
	return out
}

func (p *Paths) decodeSelect(where string, n *yaml.Node) *Selector {
	s := &Selector{Line: n.Line}
	if n.Kind == yaml.ScalarNode {
		s.Rego = p.scalar(where, n)
		p.checkRego(where, n.Line, s.Rego)
		return s
	}
	if n.Kind != yaml.MappingNode {
		p.problem(n.Line, "%s: want a mapping of conditions or the name of a Rego rule", where)
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		w := where + "." + k.Value
		switch k.Value {
		case "languages":
			s.Languages = lower(p.strings(w, v))
		case "has":
			s.Has = lower(p.strings(w, v))
			for _, h := range s.Has {
				if !slices.Contains(HasValues, h) {
					p.problem(v.Line, "%s: %q is not one of %s", w, h, strings.Join(HasValues, ", "))
				}
			}
		case "catalog_type":
			s.CatalogType = p.strings(w, v)
		case "repos":
			s.Repos = p.strings(w, v)
		case "files":
			s.Files = p.strings(w, v)
		case "teams":
			s.Teams = p.strings(w, v)
		case "rego":
			s.Rego = p.scalar(w, v)
			p.checkRego(w, v.Line, s.Rego)
		default:
			p.problem(k.Line, "%s: unknown key %q (want languages, has, catalog_type, repos, files, teams, rego)", where, k.Value)
		}
	}
	return s
}

func (p *Paths) checkRego(where string, line int, rule string) {
	if rule != "" && !strings.HasPrefix(rule, "data.") {
		p.problem(line, "%s: %q: want a rule reference such as data.platform.paths.go_service", where, rule)
	}
}

func (p *Paths) decodeExemption(where string, n *yaml.Node) (PathExemption, bool) {
	e := PathExemption{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		p.problem(n.Line, "%s: want a mapping with check, reason and expires", where)
		return e, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		w := where + "." + k.Value
		switch k.Value {
		case "repo":
			e.Repo = p.scalar(w, v)
		case "check":
			e.Check = p.scalar(w, v)
		case "reason":
			e.Reason = p.scalar(w, v)
		case "expires":
			e.Expires = p.scalar(w, v)
		case "paths":
			e.Paths = p.strings(w, v)
		default:
			p.problem(k.Line, "%s: unknown key %q (want repo, check, reason, expires, paths)", where, k.Value)
			return e, false
		}
	}
	if e.Check == "" {
		p.problem(n.Line, "%s: exemption without check", where)
		return e, false
	}
	return e, true
}

func (p *Paths) scalar(where string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		p.problem(n.Line, "%s: want a string", where)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// items is a list's entries; one value stands for a list of one.
func (p *Paths) items(where string, n *yaml.Node) []*yaml.Node {
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []*yaml.Node{n}
	}
	p.problem(n.Line, "%s: want a list", where)
	return nil
}

func (p *Paths) strings(where string, n *yaml.Node) []string {
	var out []string
	for _, item := range p.items(where, n) {
		if s := p.scalar(where, item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func lower(ss []string) []string {
	for i, s := range ss {
		ss[i] = strings.ToLower(s)
	}
	return ss
}
