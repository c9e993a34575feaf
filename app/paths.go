package app

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/policies"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

// PathAnnotation is the catalog annotation that names a repository's
// golden path (README "Golden paths").
const PathAnnotation = "score.dev/path"

// Paths are the platform config's golden paths, ready to score with: each
// path's catalogue resolved against the loaded checks, its own engine when
// it sets config, its Rego selector prepared.
type Paths struct {
	list []*goldenPath
	// source is the config file, for messages and to tell its
	// exemptions from a repository's.
	source string
	// key is the paths config as written, for the reuse key.
	key string
}

type goldenPath struct {
	def config.Path
	// checks are the ids of the catalogue the path scores against.
	checks   map[string]bool
	engine   *engine.Engine
	selector *engine.Rule
}

// LoadPaths prepares the config's paths over eng (loaded with the same
// config); nil when the config declares none. A path entry naming no
// check, or a selector rule no policy defines, is an error at its line.
func LoadPaths(ctx context.Context, eng *engine.Engine, cfg *config.Config) (*Paths, error) {
	if cfg == nil || len(cfg.Paths.List) == 0 {
		return nil, nil
	}
	key, _ := json.Marshal(cfg.Paths.List) // strings, numbers and decoded YAML maps: cannot fail
	ps := &Paths{source: cfg.Path(), key: string(key)}
	checks := eng.Checks()
	var problems []string
	for _, def := range cfg.Paths.List {
		gp := &goldenPath{def: def, checks: map[string]bool{}, engine: eng}
		entries := def.Checks
		if len(entries) == 0 {
			entries = []config.CheckEntry{{Name: "default", Line: def.Line}}
		}
		for _, entry := range entries {
			n := 0
			for _, c := range checks {
				if pathEntryMatches(entry.Name, c) {
					gp.checks[c.ID] = true
					n++
				}
			}
			if n == 0 {
				problems = append(problems, fmt.Sprintf("%s:%d: paths.%s.checks: %q names no check, category or glob on ids (categories: %s)",
					cfg.Path(), entry.Line, def.ID, entry.Name, strings.Join(categories(checks), ", ")))
			}
		}
		if len(def.Config) > 0 {
			merged, err := policies.WithRuntimes(mergeConfig(cfg.Config, def.Config))
			if err == nil {
				gp.engine, err = eng.WithConfig(ctx, merged)
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: paths.%s.config: %v", cfg.Path(), def.Line, def.ID, err))
			}
		}
		if def.Select != nil && def.Select.Rego != "" {
			rule, err := eng.PrepareRule(ctx, def.Select.Rego)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: paths.%s.select: %v", cfg.Path(), def.Select.Line, def.ID, err))
			}
			gp.selector = rule
		}
		ps.list = append(ps.list, gp)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return ps, nil
}

// pathEntryMatches reports whether a path's checks entry selects c:
// `default` (every check), its category, its id, or a glob on ids.
func pathEntryMatches(entry string, c engine.Check) bool {
	if entry == "default" || entry == c.Category || entry == c.ID {
		return true
	}
	ok, _ := path.Match(entry, c.ID)
	return ok && strings.ContainsAny(entry, "*?[")
}

func categories(checks []engine.Check) []string {
	var out []string
	for _, c := range checks {
		out = append(out, c.Category)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mergeConfig is base with over laid on top, maps merged key by key.
func mergeConfig(base, over map[string]any) map[string]any {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = mergeConfig(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}

// Infos describes the paths for the scan document, in config order.
func (ps *Paths) Infos() []scorecard.PathInfo {
	if ps == nil {
		return nil
	}
	out := make([]scorecard.PathInfo, len(ps.list))
	for i, gp := range ps.list {
		out[i] = scorecard.PathInfo{ID: gp.def.ID, Title: gp.def.Title, Checks: len(gp.checks)}
	}
	return out
}

// Defs are the paths as the config declares them, with the ids of each
// one's catalogue, in config order.
func (ps *Paths) Defs() []PathDef {
	if ps == nil {
		return nil
	}
	out := make([]PathDef, len(ps.list))
	for i, gp := range ps.list {
		out[i] = PathDef{Path: gp.def, Checks: slices.Sorted(maps.Keys(gp.checks)), Source: ps.source}
	}
	return out
}

// PathDef is one path with its resolved catalogue.
type PathDef struct {
	config.Path
	// Checks are the ids the path scores against, sorted.
	Checks []string
	// Source is the config file that declares it.
	Source string
}

// PathChoice is the path a repository landed on and why.
type PathChoice struct {
	// ID is the path's id, or config.OffPath.
	ID string
	// Reason says in a sentence why.
	Reason string
	// Trace is every step of the resolution that was asked, in order.
	Trace []PathStep
	// Warnings are declarations that could not be followed (a path the
	// config does not define).
	Warnings []scorecard.Warning

	path *goldenPath
}

// PathStep is one step of a path's resolution: what was asked, of which
// path, and the answer.
type PathStep struct {
	Step    string `json:"step"`
	Path    string `json:"path,omitempty"`
	Matched bool   `json:"matched"`
	Detail  string `json:"detail"`
}

// Resolve finds a repository's path: its .score.yaml `path:`, then a
// catalog descriptor's score.dev/path annotation, then its spec.type
// mapped by a path's catalog_types, then the first path whose select
// matches, else off-path.
func (ps *Paths) Resolve(ctx context.Context, f *facts.Facts, info facts.RepoInfo, team string) PathChoice {
	var ch PathChoice
	declared := func(step, id, where string, line int) bool {
		if strings.EqualFold(id, config.OffPath) {
			ch.ID, ch.Reason = config.OffPath, fmt.Sprintf("declared off every path (%s)", at(where, line))
			ch.Trace = append(ch.Trace, PathStep{Step: step, Path: config.OffPath, Matched: true, Detail: "declared at " + at(where, line)})
			return true
		}
		if gp := ps.get(id); gp != nil {
			ch.ID, ch.path = gp.def.ID, gp
			ch.Reason = fmt.Sprintf("declared in %s", at(where, line))
			ch.Trace = append(ch.Trace, PathStep{Step: step, Path: id, Matched: true, Detail: "declared at " + at(where, line)})
			return true
		}
		msg := fmt.Sprintf("path %q is not one of the platform's paths (%s); ignored", id, strings.Join(ps.ids(), ", "))
		ch.Warnings = append(ch.Warnings, scorecard.Warning{Path: where, Line: line, Message: msg})
		ch.Trace = append(ch.Trace, PathStep{Step: step, Path: id, Detail: at(where, line) + ": " + msg})
		return false
	}
	if sy := f.Ownership.ScoreYAML; sy != nil && sy.GoldenPath != "" {
		if declared(".score.yaml", sy.GoldenPath, sy.Path, sy.GoldenPathLine) {
			return ch
		}
	} else {
		ch.Trace = append(ch.Trace, PathStep{Step: ".score.yaml", Detail: "declares no path"})
	}
	for _, e := range f.Ownership.Catalog {
		if id := e.Annotations[PathAnnotation]; id != "" {
			if declared("catalog annotation", id, e.Path, e.AnnotationLines[PathAnnotation]) {
				return ch
			}
		}
	}
	for _, e := range f.Ownership.Catalog {
		if e.Type == "" {
			continue
		}
		for _, gp := range ps.list {
			if slices.ContainsFunc(gp.def.CatalogTypes, func(t string) bool { return strings.EqualFold(t, e.Type) }) {
				ch.ID, ch.path = gp.def.ID, gp
				ch.Reason = fmt.Sprintf("catalog type %q (%s) is one of path %s's catalog_types", e.Type, at(e.Path, e.TypeLine), gp.def.ID)
				ch.Trace = append(ch.Trace, PathStep{Step: "catalog type", Path: gp.def.ID, Matched: true, Detail: ch.Reason})
				return ch
			}
		}
		ch.Trace = append(ch.Trace, PathStep{Step: "catalog type", Detail: fmt.Sprintf("%q (%s) is no path's catalog type", e.Type, at(e.Path, e.TypeLine))})
	}
	for _, gp := range ps.list {
		if gp.def.Select == nil {
			ch.Trace = append(ch.Trace, PathStep{Step: "select", Path: gp.def.ID, Detail: "no select: only a declaration puts a repository on it"})
			continue
		}
		ok, why := gp.matches(ctx, f, info, team)
		ch.Trace = append(ch.Trace, PathStep{Step: "select", Path: gp.def.ID, Matched: ok, Detail: why})
		if ok {
			ch.ID, ch.path = gp.def.ID, gp
			ch.Reason = fmt.Sprintf("select of path %s matches: %s", gp.def.ID, why)
			return ch
		}
	}
	ch.ID = config.OffPath
	ch.Reason = "declares no path and no path's select matches; scored against the default catalogue"
	return ch
}

// matches evaluates a path's select: every condition must hold. why says
// what matched, or the first condition that did not.
func (gp *goldenPath) matches(ctx context.Context, f *facts.Facts, info facts.RepoInfo, team string) (bool, string) {
	s := gp.def.Select
	var held []string
	cond := func(name string, want []string, ok bool, have string) bool {
		if len(want) == 0 {
			return true
		}
		if !ok {
			held = []string{fmt.Sprintf("%s: wants %s, has %s", name, strings.Join(want, " or "), have)}
			return false
		}
		held = append(held, name+" "+strings.Join(want, ", "))
		return true
	}
	langs := f.Files.Languages
	if !cond("languages", s.Languages, slices.ContainsFunc(s.Languages, func(l string) bool { return slices.Contains(langs, l) }), listOr(langs, "no recognised language")) {
		return false, held[0]
	}
	for _, h := range s.Has {
		if !cond("has", []string{h}, has(f, h), "none") {
			return false, held[0]
		}
	}
	var types []string
	for _, e := range f.Ownership.Catalog {
		if e.Type != "" {
			types = append(types, e.Type)
		}
	}
	if !cond("catalog_type", s.CatalogType, slices.ContainsFunc(s.CatalogType, func(t string) bool {
		return slices.ContainsFunc(types, func(x string) bool { return strings.EqualFold(x, t) })
	}), listOr(types, "no catalog type")) {
		return false, held[0]
	}
	if !cond("repos", s.Repos, slices.ContainsFunc(s.Repos, func(g string) bool { return globMatch(g, info.Name) }), info.Name) {
		return false, held[0]
	}
	if !cond("teams", s.Teams, slices.ContainsFunc(s.Teams, func(t string) bool { return strings.EqualFold(t, team) }), "team "+team) {
		return false, held[0]
	}
	if !cond("files", s.Files, slices.ContainsFunc(s.Files, func(g string) bool {
		return slices.ContainsFunc(f.Files.Paths, func(p string) bool { return globMatch(g, p) })
	}), "no such file") {
		return false, held[0]
	}
	if gp.selector != nil {
		ok, err := gp.selector.True(ctx, f)
		switch {
		case err != nil:
			return false, fmt.Sprintf("rule %s: %v", s.Rego, err)
		case !ok:
			return false, fmt.Sprintf("rule %s is not true", s.Rego)
		}
		held = append(held, "rule "+s.Rego)
	}
	return true, strings.Join(held, "; ")
}

func listOr(ss []string, none string) string {
	if len(ss) == 0 {
		return none
	}
	return strings.Join(ss, ", ")
}

// has reports whether the repository contains a kind of thing named in
// config.HasValues.
func has(f *facts.Facts, what string) bool {
	switch what {
	case "catalog":
		return len(f.Ownership.Catalog) > 0
	case "ci":
		return len(f.CI.Configs) > 0
	case "compose":
		return len(f.Containers.Compose) > 0
	case "container":
		return len(f.Containers.Builders) > 0 || slices.ContainsFunc(f.Containers.Dockerfiles, func(d facts.Dockerfile) bool {
			return !strings.Contains("/"+d.Path, "/.devcontainer/") && !strings.Contains(strings.ToLower(d.Path), ".gitpod")
		})
	case "dependencies":
		return len(f.Dependencies.Manifests) > 0
	case "gitops":
		return len(f.Deploy.GitOps) > 0
	case "helm":
		return len(f.Kubernetes.Charts) > 0
	case "kubernetes":
		return len(f.Kubernetes.Workloads) > 0
	case "kustomize":
		return len(f.Kubernetes.Kustomizations) > 0
	case "tests":
		return f.Tests.Count > 0
	}
	return false
}

func at(p string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", p, line)
	}
	return p
}

func (ps *Paths) get(id string) *goldenPath {
	for _, gp := range ps.list {
		if gp.def.ID == id {
			return gp
		}
	}
	return nil
}

func (ps *Paths) ids() []string {
	out := make([]string, len(ps.list))
	for i, gp := range ps.list {
		out[i] = gp.def.ID
	}
	return out
}

// engineFor is the engine a choice scores with: the path's own when it
// sets config, else the pipeline's.
func (ch PathChoice) engineFor(base *engine.Engine) *engine.Engine {
	if ch.path != nil && ch.path.engine != nil {
		return ch.path.engine
	}
	return base
}

// onPath reports whether a check is in the chosen path's catalogue
// (every check is, off every path).
func (ch PathChoice) onPath(id string) bool {
	return ch.path == nil || ch.path.checks[id]
}

// pathExemptions adds the chosen path's own exemptions to in, and drops
// those for checks not on the path: silently when the platform config
// declared them (they are for other paths), with a warning when the
// repository did.
func (ps *Paths) pathExemptions(ch PathChoice, info facts.RepoInfo, in []scorecard.ExemptionInput, known map[string]engine.Check) ([]scorecard.ExemptionInput, []scorecard.Warning) {
	if ch.path != nil {
		for _, e := range ch.path.def.Exemptions {
			if e.Repo == "" || e.Repo == "*" || globMatch(e.Repo, info.Name) {
				in = append(in, scorecard.ExemptionInput{Check: e.Check, Reason: e.Reason, Expires: e.Expires, Path: ps.source, Line: e.Line, Paths: e.Paths})
			}
		}
	}
	var out []scorecard.ExemptionInput
	var warns []scorecard.Warning
	for _, e := range in {
		if _, ok := known[e.Check]; ch.onPath(e.Check) || !ok {
			out = append(out, e) // an unknown id is scorecard.Score's to report
			continue
		}
		if e.Path != ps.source {
			warns = append(warns, scorecard.Warning{Path: e.Path, Line: e.Line,
				Message: fmt.Sprintf("exemption for %s is not needed: the check is not on path %s", e.Check, ch.ID)})
		}
	}
	return out, warns
}

// ExplainPath collects a snapshot's facts and resolves its path as a scan
// would, for `score path explain`. It needs the pipeline's Paths. When
// want names a path whose select the resolution never reached (it stopped
// earlier), that select is asked too, as a last step marked "not reached".
func (p *Pipeline) ExplainPath(ctx context.Context, snap snapshot.Snapshot, want string) (PathChoice, error) {
	if p.Paths == nil {
		return PathChoice{}, fmt.Errorf("the platform config declares no paths")
	}
	f, err := collect.Collect(ctx, snap)
	if err != nil {
		return PathChoice{}, err
	}
	team, _ := p.resolveTeam(f, snap.Info)
	ch := p.Paths.Resolve(ctx, f, snap.Info, team)
	gp := p.Paths.get(want)
	if gp == nil || gp.def.Select == nil || slices.ContainsFunc(ch.Trace, func(s PathStep) bool { return s.Step == "select" && s.Path == want }) {
		return ch, nil
	}
	ok, why := gp.matches(ctx, f, snap.Info, team)
	ch.Trace = append(ch.Trace, PathStep{Step: "select (not reached)", Path: want, Matched: ok, Detail: why})
	return ch, nil
}
