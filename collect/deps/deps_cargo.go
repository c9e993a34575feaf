package deps

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// cargoWorkspace is the [workspace] table of a Cargo.toml: its member and
// exclude globs and the [workspace.dependencies] members inherit with
// `workspace = true`.
type cargoWorkspace struct {
	members, exclude []string
	deps             map[string]*tomlValue
}

// cargo reads a Cargo.toml: [dependencies] (runtime), [dev-dependencies]
// (dev), [build-dependencies] (build) and their [target.'cfg'.*] forms,
// with the crate a renamed dependency stands for (`package = "..."`) and
// its features, inherited ones included; [workspace.dependencies] are
// listed as managed (they are declarations for members, not uses). The
// lockfile is the Cargo.lock beside it or at the root of the workspace
// that has it as a member: Cargo writes one lockfile per workspace.
func (d *depScan) cargo(p string, data []byte) *facts.Manifest {
	doc, errLine, err := parseTOML(data)
	if err != nil {
		d.warn(p, data, errLine, fmt.Sprintf("parse Cargo.toml: %v", err))
	}
	if doc.get("package") == nil && doc.get("workspace") == nil && doc.get("dependencies") == nil {
		return nil
	}
	dir := path.Dir(p)
	m := newManifest(p, "cargo", "Cargo.toml")
	ws := d.cargoWorkspaceOf(dir, doc)
	var inherited map[string]*tomlValue
	if ws != nil {
		inherited = ws.deps
	}
	add := func(t *tomlValue, scope string) {
		forEachTable(t, func(key string, v *tomlValue) {
			m.Dependencies = append(m.Dependencies, cargoDep(key, v, scope, true, inherited))
		})
	}
	sections := []struct{ key, scope string }{
		{"dependencies", "runtime"}, {"dev-dependencies", "dev"}, {"build-dependencies", "build"},
	}
	for _, s := range sections {
		add(doc.get(s.key), s.scope)
	}
	forEachTable(doc.get("target"), func(_ string, t *tomlValue) {
		for _, s := range sections {
			add(t.get(s.key), s.scope)
		}
	})
	forEachTable(doc.get("workspace", "dependencies"), func(key string, v *tomlValue) {
		dep := cargoDep(key, v, "managed", false, nil)
		m.Dependencies = append(m.Dependencies, dep)
	})
	if w := doc.get("workspace"); w != nil {
		m.Workspaces = append(m.Workspaces, tomlStrings(w.get("members"))...)
	}
	m.Lockfiles = append(m.Lockfiles, d.besides(dir, "Cargo.lock")...)
	if len(m.Lockfiles) == 0 && ws != nil && ws.root != dir {
		m.Lockfiles = append(m.Lockfiles, d.besides(ws.root, "Cargo.lock")...)
	}
	return m
}

// cargoWorkspaceRef is a workspace and the directory of its root manifest.
type cargoWorkspaceRef struct {
	*cargoWorkspace
	root string
}

// cargoWorkspaceOf returns the workspace a package in dir belongs to: its
// own [workspace], the root named by `package.workspace`, or the nearest
// ancestor whose members include dir and whose exclude does not. Nil for a
// package outside any workspace.
func (d *depScan) cargoWorkspaceOf(dir string, doc *tomlValue) *cargoWorkspaceRef {
	if doc.get("workspace") != nil {
		if ws := d.cargoWorkspaceAt(dir); ws != nil {
			return &cargoWorkspaceRef{ws, dir}
		}
	}
	if rel := doc.getString("package", "workspace"); rel != "" {
		root := path.Clean(path.Join(dir, rel))
		if ws := d.cargoWorkspaceAt(root); ws != nil {
			return &cargoWorkspaceRef{ws, root}
		}
	}
	for _, anc := range depAncestors(dir) {
		ws := d.cargoWorkspaceAt(anc)
		if ws == nil {
			continue
		}
		rel := depRelTo(anc, dir)
		if depWorkspaceMatch(ws.members, rel) && !depWorkspaceMatch(ws.exclude, rel) {
			return &cargoWorkspaceRef{ws, anc}
		}
		return nil // the nearest workspace root decides; Cargo does not look further up
	}
	return nil
}

// cargoWorkspaceAt reads the [workspace] of dir/Cargo.toml, cached.
func (d *depScan) cargoWorkspaceAt(dir string) *cargoWorkspace {
	if ws, ok := d.cargoWS[dir]; ok {
		return ws
	}
	d.cargoWS[dir] = nil
	p := path.Join(dir, "Cargo.toml")
	if !d.t.Has(p) || snapshot.IsFixturePath(p) {
		return nil
	}
	data, err := d.t.Read(p)
	if err != nil {
		return nil
	}
	doc, _, _ := parseTOML(data)
	w := doc.get("workspace")
	if w == nil {
		return nil
	}
	ws := &cargoWorkspace{members: tomlStrings(w.get("members")), exclude: tomlStrings(w.get("exclude")), deps: map[string]*tomlValue{}}
	forEachTable(w.get("dependencies"), func(key string, v *tomlValue) { ws.deps[key] = v })
	d.cargoWS[dir] = ws
	return ws
}

// cargoDep reads one dependency entry: `name = "1.0"` or an inline or
// sub-table with version, package (the crate a rename stands for),
// features and `workspace = true` (version and features from the
// workspace's [workspace.dependencies], features added to).
func cargoDep(key string, v *tomlValue, scope string, direct bool, inherited map[string]*tomlValue) facts.Dependency {
	dep := facts.Dependency{Name: key, Scope: scope, Direct: direct, Line: v.line}
	read := func(t *tomlValue) {
		switch t.kind {
		case tomlString:
			dep.Version = t.str
		case tomlTable:
			if s := t.getString("version"); s != "" {
				dep.Version = s
			}
			if s := t.getString("package"); s != "" {
				dep.Name = s
			}
			for _, f := range tomlStrings(t.get("features")) {
				if !slices.Contains(dep.Features, f) {
					dep.Features = append(dep.Features, f)
				}
			}
		}
	}
	if v.kind == tomlTable {
		if w := v.get("workspace"); w != nil && w.kind == tomlScalar && w.str == "true" {
			if base := inherited[key]; base != nil {
				read(base)
			}
		}
	}
	read(v)
	dep.Name = strings.TrimSpace(dep.Name)
	return dep
}
