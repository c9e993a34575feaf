package app

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/errgroup"

	"github.com/scoredev/score/collect/ownership"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/fix/yamledit"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

// Component is a component of a monorepo as declared or detected, before
// it is scored (docs/architecture.md, "Components").
type Component struct {
	Name string
	// Path is the component's folder, slash-separated, relative to the root.
	Path string
	// Owner is the owner as declared (catalog-info.yaml or .score.yaml),
	// Backstage when the declaration is a Backstage entity.
	Owner     string
	Backstage bool
	// Source says where the component comes from: the file and line of
	// its declaration, "config" or "detected".
	Source string
}

// Components lists the components of a walked repository, from the first
// of these that names any: catalog-info.yaml Components in subfolders (or
// a root Location's targets) together with .score.yaml `components:`, then
// the platform config's globs, then detected service folders. A list of
// fewer than two means the repository is scored as one.
func (p *Pipeline) Components(t *snapshot.Tree) ([]Component, []scorecard.Warning) {
	var warns []scorecard.Warning
	comps := catalogComponents(t, &warns)
	comps = mergeComponents(comps, scoreYAMLComponents(t, &warns))
	if len(comps) == 0 {
		comps = globComponents(t, p.ComponentGlobs)
	}
	if len(comps) == 0 {
		comps = detectComponents(t)
	}
	slices.SortFunc(comps, func(a, b Component) int { return cmp.Compare(a.Path, b.Path) })
	return uniqueNames(comps, &warns), warns
}

// uniqueNames gives components that share a name (services/storefront and
// apps/storefront both detected as "storefront", or two catalog entities
// of one name) their folder as name: a name picks one component (--component,
// reports, the history store's key), so it must be unique in its
// repository. A declared name that had to change is said.
func uniqueNames(comps []Component, warns *[]scorecard.Warning) []Component {
	count := map[string]int{}
	for _, c := range comps {
		count[c.Name]++
	}
	taken := map[string]bool{}
	for i, c := range comps {
		if count[c.Name] > 1 {
			comps[i].Name = c.Path
			if c.Source != "detected" && c.Source != "config" {
				*warns = append(*warns, scorecard.Warning{Path: strings.SplitN(c.Source, ":", 2)[0],
					Message: fmt.Sprintf("component name %q is used by more than one component: the one in %s is called %q", c.Name, c.Path, c.Path)})
			}
		}
		// A folder can itself be another component's name: number it.
		for n := 2; taken[comps[i].Name]; n++ {
			comps[i].Name = fmt.Sprintf("%s#%d", c.Path, n)
		}
		taken[comps[i].Name] = true
	}
	return comps
}

// mergeComponents adds b's components to a; one at a path already listed
// only fills a missing owner.
func mergeComponents(a, b []Component) []Component {
	for _, c := range b {
		i := slices.IndexFunc(a, func(x Component) bool { return x.Path == c.Path })
		switch {
		case i < 0:
			a = append(a, c)
		case a[i].Owner == "":
			a[i].Owner, a[i].Backstage = c.Owner, c.Backstage
		}
	}
	return a
}

// catalogComponents reads Backstage Component entities from
// catalog-info.yaml files below the root, and the files a root Location
// targets.
func catalogComponents(t *snapshot.Tree, warns *[]scorecard.Warning) []Component {
	files := map[string]bool{}
	for _, base := range []string{"catalog-info.yaml", "catalog-info.yml"} {
		for _, f := range t.ByBase(base) {
			if path.Dir(f) != "." && !snapshot.IsFixturePath(f) {
				files[f] = true
			}
			if path.Dir(f) == "." {
				for _, target := range locationTargets(t, f) {
					if t.Has(target) {
						files[target] = true
					} else {
						*warns = append(*warns, scorecard.Warning{Path: f, Message: fmt.Sprintf("Location target %s is not in the repository; not a component", target)})
					}
				}
			}
		}
	}
	var out []Component
	for _, f := range slices.Sorted(maps.Keys(files)) {
		for _, doc := range yamlDocs(t, f) {
			if !strings.EqualFold(yamlString(doc, "kind"), "component") {
				continue
			}
			dir := path.Dir(f)
			name := cmp.Or(yamlString(yamledit.Get(doc, "metadata"), "name"), path.Base(dir))
			out = mergeComponents(out, []Component{{Name: name, Path: dir, Owner: yamlString(yamledit.Get(doc, "spec"), "owner"),
				Backstage: true, Source: fmt.Sprintf("%s:%d", f, doc.Line)}})
		}
	}
	return out
}

// locationTargets are the files a Backstage Location entity in f lists
// (spec.target, spec.targets), relative to f's folder.
func locationTargets(t *snapshot.Tree, f string) []string {
	var out []string
	for _, doc := range yamlDocs(t, f) {
		if !strings.EqualFold(yamlString(doc, "kind"), "location") {
			continue
		}
		spec := yamledit.Get(doc, "spec")
		targets := []string{yamlString(spec, "target")}
		if list := yamledit.Get(spec, "targets"); list != nil && list.Kind == yaml.SequenceNode {
			for _, n := range list.Content {
				if n.Kind == yaml.ScalarNode {
					targets = append(targets, n.Value)
				}
			}
		}
		for _, tg := range targets {
			if tg == "" || strings.Contains(tg, "://") {
				continue
			}
			p := path.Join(path.Dir(f), tg)
			if fs := path.Clean(p); !strings.HasPrefix(fs, "../") && fs != ".." {
				out = append(out, fs)
			}
		}
	}
	return out
}

// scoreYAMLComponents reads .score.yaml `components:` (name, path, team).
func scoreYAMLComponents(t *snapshot.Tree, warns *[]scorecard.Warning) []Component {
	var out []Component
	for _, f := range []string{".score.yaml", ".score.yml"} {
		if !t.Has(f) {
			continue
		}
		for _, doc := range yamlDocs(t, f) {
			list := yamledit.Get(doc, "components")
			if list == nil || list.Kind != yaml.SequenceNode {
				continue
			}
			for _, item := range list.Content {
				dir := strings.Trim(path.Clean(yamlString(item, "path")), "/")
				switch {
				case item.Kind != yaml.MappingNode || yamlString(item, "path") == "":
					*warns = append(*warns, scorecard.Warning{Path: f, Line: item.Line, Message: "components: an entry without path; ignored"})
					continue
				case dir == "." || strings.HasPrefix(dir, "../") || dir == "..":
					*warns = append(*warns, scorecard.Warning{Path: f, Line: item.Line, Message: fmt.Sprintf("components: path %q is not a folder below the root; ignored", yamlString(item, "path"))})
					continue
				case !hasFolder(t, dir):
					*warns = append(*warns, scorecard.Warning{Path: f, Line: item.Line, Message: fmt.Sprintf("components: no folder %s in the repository; ignored", dir)})
					continue
				}
				for i := 0; i+1 < len(item.Content); i += 2 {
					if k := item.Content[i].Value; k != "name" && k != "path" && k != "team" {
						*warns = append(*warns, scorecard.Warning{Path: f, Line: item.Content[i].Line, Message: fmt.Sprintf("components: unknown key %q (known: name, path, team)", k)})
					}
				}
				out = mergeComponents(out, []Component{{Name: cmp.Or(yamlString(item, "name"), path.Base(dir)), Path: dir,
					Owner: yamlString(item, "team"), Source: fmt.Sprintf("%s:%d", f, item.Line)}})
			}
		}
	}
	return out
}

// globComponents are the folders matching the platform config's globs.
func globComponents(t *snapshot.Tree, globs []string) []Component {
	if len(globs) == 0 {
		return nil
	}
	var out []Component
	for _, dir := range folders(t) {
		if snapshot.IsFixturePath(dir + "/x") {
			continue
		}
		for _, g := range globs {
			if ok, _ := path.Match(strings.Trim(g, "/"), dir); ok {
				out = append(out, Component{Name: path.Base(dir), Path: dir, Source: "config"})
				break
			}
		}
	}
	return out
}

// detectComponents finds service folders: a folder below the root with its
// own container build and its own dependency manifest, outside fixture
// trees; a service folder inside another is part of it.
func detectComponents(t *snapshot.Tree) []Component {
	build, manifest := map[string]bool{}, map[string]bool{}
	for _, f := range t.Files {
		dir := path.Dir(f)
		if dir == "." || snapshot.IsFixturePath(f) {
			continue
		}
		base := strings.ToLower(path.Base(f))
		switch {
		case isContainerBuild(base):
			build[dir] = true
		case isManifest(base):
			manifest[dir] = true
		}
	}
	var dirs []string
	for d := range build {
		if manifest[d] {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	var out []Component
	for _, d := range dirs {
		if len(out) > 0 && under(d, out[len(out)-1].Path) {
			continue
		}
		out = append(out, Component{Name: path.Base(d), Path: d, Source: "detected"})
	}
	return out
}

func isContainerBuild(base string) bool {
	return base == "dockerfile" || base == "containerfile" || strings.HasPrefix(base, "dockerfile.") ||
		strings.HasSuffix(base, ".dockerfile") || strings.HasPrefix(base, "containerfile.")
}

// manifests are dependency manifests that make a folder a package of its
// own.
var manifests = map[string]bool{
	"go.mod": true, "package.json": true, "requirements.txt": true, "pyproject.toml": true, "pipfile": true,
	"setup.py": true, "pom.xml": true, "build.gradle": true, "build.gradle.kts": true, "cargo.toml": true,
	"gemfile": true, "composer.json": true, "mix.exs": true, "build.sbt": true,
}

func isManifest(base string) bool {
	return manifests[base] || strings.HasSuffix(base, ".csproj") || strings.HasSuffix(base, ".fsproj")
}

// under reports whether p is dir or below it.
func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// folders lists every folder holding a file, below the root, sorted.
func folders(t *snapshot.Tree) []string {
	seen := map[string]bool{}
	for _, f := range t.Files {
		for d := path.Dir(f); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func hasFolder(t *snapshot.Tree, dir string) bool {
	i, _ := slices.BinarySearch(t.Files, dir+"/")
	return i < len(t.Files) && strings.HasPrefix(t.Files[i], dir+"/")
}

// scope is which files each component's facts are collected from: its own
// folder (the deepest component holding a file owns it), and the files of
// no component that are repository-wide. A folder outside every component
// with its own dependency manifest or container build (a shared library
// under libs/, a tool) belongs to none; everything else outside the
// components (root files, CI, .github/, deploy/, docs/) applies to all.
type scope struct {
	comps    []Component
	packages []string
}

func newScope(t *snapshot.Tree, comps []Component) *scope {
	s := &scope{comps: comps}
	seen := map[string]bool{}
	for _, f := range t.Files {
		dir := path.Dir(f)
		if dir == "." || seen[dir] || s.owner(f) >= 0 {
			continue
		}
		base := strings.ToLower(path.Base(f))
		if isManifest(base) || isContainerBuild(base) {
			seen[dir] = true
			s.packages = append(s.packages, dir)
		}
	}
	return s
}

// owner is the index of the deepest component holding f, or -1.
func (s *scope) owner(f string) int {
	best := -1
	for i, c := range s.comps {
		if under(f, c.Path) && (best < 0 || len(c.Path) > len(s.comps[best].Path)) {
			best = i
		}
	}
	return best
}

func (s *scope) keep(i int) func(string) bool {
	return func(f string) bool {
		switch o := s.owner(f); {
		case o == i:
			return true
		case o >= 0:
			return false
		}
		for _, p := range s.packages {
			if under(f, p) {
				return false
			}
		}
		return true
	}
}

// scoreComponents scores each component over its sub-tree and makes the
// repository's row of them (scorecard.WithComponents).
func (p *Pipeline) scoreComponents(ctx context.Context, t *snapshot.Tree, full *facts.Facts, info facts.RepoInfo, comps []Component, warns []scorecard.Warning) Result {
	// The repository's own team: its catalog descriptors at the root, not
	// its components'.
	rootOwn := *full
	rootOwn.Ownership.Catalog = slices.DeleteFunc(slices.Clone(full.Ownership.Catalog), func(c facts.CatalogEntry) bool {
		return path.Dir(c.Path) != "."
	})
	repoTeam, teamWarns := p.resolveTeam(&rootOwn, info)
	sc := newScope(t, comps)
	signals := ciSignals(t, full)
	rules := codeOwnersRules(t)
	// Each component is collected over its view of the one walk and
	// scored on its own, several at once when ComponentConcurrency says
	// so; the results are taken in the components' order.
	type outcome struct {
		repo scorecard.Repo
		err  error
	}
	outs := make([]outcome, len(comps))
	var g errgroup.Group
	g.SetLimit(max(1, p.ComponentConcurrency))
	for i, c := range comps {
		g.Go(func() error {
			f, err := p.collectTree(ctx, info, t.Sub(sc.keep(i)))
			if err != nil {
				outs[i].err = fmt.Errorf("component %s: %w", c.Name, err)
				return nil
			}
			f.CI.Jobs = jobsFor(f.CI.Jobs, signals, comps, i)
			folderDefaultRule(f, rules, c.Path)
			f.CI.CommandWords = facts.CommandWords(f.CI.Jobs)
			res := p.ScoreFacts(ctx, f, info)
			if res.Repo.Error != "" {
				outs[i].err = fmt.Errorf("component %s: %s", c.Name, res.Repo.Error)
				return nil
			}
			outs[i].repo = res.Repo
			return nil
		})
	}
	_ = g.Wait() // the goroutines report in outs
	var scored []scorecard.Component
	all := append(warns, teamWarns...)
	for i, c := range comps {
		if outs[i].err != nil {
			return Result{Repo: ErrorRow(info, outs[i].err), Facts: full}
		}
		team := p.componentTeam(c, rules, info, repoTeam)
		scored = append(scored, scorecard.ComponentOf(c.Name, c.Path, team, outs[i].repo))
		all = append(all, outs[i].repo.Warnings...)
	}
	for _, w := range full.Warnings {
		all = append(all, scorecard.Warning{Path: w.Path, Line: w.Line, Message: w.Message})
	}
	all = dropNeededExemptions(all, scored)
	repo := scorecard.WithComponents(scorecard.Repo{Name: info.Name, URL: info.URL, Commit: info.Commit, Team: repoTeam}, scored)
	if p.Paths != nil {
		// The repository as a whole resolves to a path too (what its own
		// declarations and the whole tree select); adoption counts the
		// components, each on its own (scorecard.Units).
		choice := p.Paths.Resolve(ctx, full, info, repoTeam)
		repo.Path, repo.PathReason = choice.ID, choice.Reason
	}
	sortWarnings(all)
	repo.Warnings = slices.Compact(all)
	return Result{Repo: repo, Facts: full}
}

// componentTeam resolves a component's team by its canonical name: the
// owner its declaration names, the last CODEOWNERS rule matching its
// folder, the platform config's group mapping on "<group>/<folder>", else
// the repository's own team.
func (p *Pipeline) componentTeam(c Component, rules []ownership.Rule, info facts.RepoInfo, repoTeam string) string {
	if strings.TrimSpace(c.Owner) != "" {
		if c.Backstage {
			return p.alias(scorecard.BackstageOwner(c.Owner).Name)
		}
		return p.alias(scorecard.PlainOwner(c.Owner).Name)
	}
	for i := len(rules) - 1; i >= 0; i-- {
		if len(rules[i].Owners) > 0 && codeOwnersMatch(rules[i].Pattern, c.Path) {
			owners, chosen := chooseCodeOwner(rules[i].Owners)
			return p.alias(owners[chosen].Name)
		}
	}
	key := cmp.Or(info.GroupPath, info.Name) + "/" + c.Path
	for _, r := range p.Teams {
		if strings.Contains(r.Pattern, "/") && globMatch(r.Pattern, key) {
			return p.alias(r.Team)
		}
	}
	return repoTeam
}

// folderDefaultRule makes the last CODEOWNERS rule owning the component's
// folder its default rule: for the component it is the catch-all.
func folderDefaultRule(f *facts.Facts, rules []ownership.Rule, dir string) {
	if len(f.Ownership.CodeOwners) == 0 {
		return
	}
	for i := len(rules) - 1; i >= 0; i-- {
		if len(rules[i].Owners) > 0 && codeOwnersMatch(rules[i].Pattern, dir) {
			co := &f.Ownership.CodeOwners[0]
			co.DefaultOwners, co.DefaultLine = rules[i].Owners, rules[i].Line
			return
		}
	}
}

func codeOwnersRules(t *snapshot.Tree) []ownership.Rule {
	paths := ownership.CodeOwnersPaths(t)
	if len(paths) == 0 {
		return nil
	}
	data, err := t.Read(paths[0])
	if err != nil {
		return nil
	}
	return ownership.Rules(data)
}

// codeOwnersMatch reports whether a CODEOWNERS pattern owns the whole
// folder dir: it matches dir or a folder above it. A pattern with a slash
// other than a trailing one is anchored at the root; "/**" and a trailing
// "/" mean the folder and everything in it.
func codeOwnersMatch(pattern, dir string) bool {
	p := strings.TrimSuffix(strings.TrimSuffix(pattern, "/**"), "/")
	if p == "" || p == "*" || p == "**" || p == "/*" || p == "/**" || p == "**/*" {
		return true
	}
	anchored := strings.Contains(strings.TrimPrefix(p, "/"), "/") || strings.HasPrefix(p, "/")
	p = strings.TrimPrefix(strings.TrimPrefix(p, "/"), "**/")
	for d := dir; d != "." && d != ""; d = path.Dir(d) {
		target := d
		if !anchored {
			target = path.Base(d)
		}
		if ok, _ := path.Match(p, target); ok {
			return true
		}
	}
	return false
}

// yamlDocs parses every document of a YAML file of the tree; an unreadable
// or malformed file has none (its collector warns about it).
func yamlDocs(t *snapshot.Tree, f string) []*yaml.Node {
	data, err := t.Read(f)
	if err != nil {
		return nil
	}
	var out []*yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	for range 64 {
		var n yaml.Node
		if dec.Decode(&n) != nil {
			break
		}
		if len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
			out = append(out, n.Content[0])
		}
	}
	return out
}

func yamlString(n *yaml.Node, key string) string {
	if v := yamledit.Get(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return strings.TrimSpace(v.Value)
	}
	return ""
}

// narrow makes res the row of the component OnlyComponent names (by name
// or folder), when set; a name that matches none is the row's error,
// listing the components.
func (p *Pipeline) narrow(res Result) Result {
	if p.OnlyComponent == "" || res.Repo.Error != "" {
		return res
	}
	var names []string
	for _, c := range res.Repo.Components {
		if c.Name == p.OnlyComponent || c.Path == strings.Trim(p.OnlyComponent, "/") {
			res.Repo = scorecard.ComponentRepo(res.Repo, c)
			return res
		}
		names = append(names, c.Name)
	}
	res.Repo = ErrorRow(facts.RepoInfo{Name: res.Repo.Name, URL: res.Repo.URL, Commit: res.Repo.Commit, Team: res.Repo.Team},
		fmt.Errorf("--component %s: no such component; the components are %s", p.OnlyComponent, strings.Join(names, ", ")))
	return res
}

// dropNeededExemptions drops the "no longer needed" warnings of an
// exemption one component passes without while another uses it.
func dropNeededExemptions(ws []scorecard.Warning, comps []scorecard.Component) []scorecard.Warning {
	used := map[string]bool{}
	for _, c := range comps {
		for _, ch := range c.Checks {
			if ch.Outcome == scorecard.Exempt {
				used[ch.ID] = true
			}
		}
	}
	return slices.DeleteFunc(ws, func(w scorecard.Warning) bool {
		id, ok := strings.CutPrefix(w.Message, "exemption for ")
		if !ok {
			return false
		}
		id, rest, _ := strings.Cut(id, " ")
		return used[id] && (strings.HasPrefix(rest, "is no longer needed") || strings.HasPrefix(rest, "is not needed"))
	})
}
