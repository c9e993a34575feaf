package deps

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// pythonLockfiles are the lockfiles of Poetry, uv, PDM, Pipenv and PEP 751,
// looked for beside pyproject.toml, setup.py and setup.cfg.
var pythonLockfiles = []string{"poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock", "pylock.toml"}

var (
	pep508Re       = lazyre.New(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$`)
	pep503Re       = lazyre.New(`[-_.]+`)
	commitSHARe    = lazyre.New(`@[0-9a-fA-F]{40}\b`)
	reqDevNameRe   = lazyre.New(`(^|[-_./])(dev|devel|develop|development|test|tests|testing|lint|linting|docs?|ci|local|typing)([-_./]|$)`)
	reqFileBaseRe  = lazyre.New(`(?i)^(.*[-_.])?requirements?([-_.].*)?\.(txt|in)$`)
	reqCommentRe   = lazyre.New(`(^|\s+)#.*$`)
	reqOptionStart = lazyre.New(`\s--?[A-Za-z]`)
	pylockRe       = lazyre.New(`^pylock\.[^/]+\.toml$`)
)

// normalizePyName lower-cases a distribution name and folds runs of -_. to
// "-" (PEP 503) so that policies can match names however they were written.
func normalizePyName(name string) string {
	return pep503Re.ReplaceAllString(strings.ToLower(name), "-")
}

// parsePEP508 splits a requirement string into its normalised name and its
// version specifier (">=1.2,<2", "==1.0", "@ https://..."); the extras and
// environment markers are dropped.
func parsePEP508(s string) (name, spec string, ok bool) {
	s = strings.TrimSpace(s)
	m := pep508Re.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	rest := strings.TrimSpace(m[3])
	if strings.HasPrefix(rest, "@") {
		url := strings.TrimSpace(rest[1:])
		if i := strings.Index(url, " ;"); i >= 0 {
			url = url[:i]
		}
		return normalizePyName(m[1]), "@ " + strings.TrimSpace(url), true
	}
	if i := strings.Index(rest, ";"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = strings.TrimSpace(rest[1 : len(rest)-1])
	}
	if rest != "" && !strings.ContainsAny(rest[:1], "<>=!~") {
		return "", "", false
	}
	return normalizePyName(m[1]), strings.Join(strings.Fields(rest), ""), true
}

// pyPinned reports whether a specifier names exactly one release (== without
// a wildcard, ===) or a direct reference to a fixed commit or hashed file.
func pyPinned(spec string) bool {
	if strings.HasPrefix(spec, "@") {
		return commitSHARe.MatchString(spec) || strings.Contains(spec, "#sha256=")
	}
	for _, clause := range strings.Split(spec, ",") {
		clause = strings.TrimSpace(clause)
		if strings.HasPrefix(clause, "===") || (strings.HasPrefix(clause, "==") && !strings.Contains(clause, "*")) {
			return true
		}
	}
	return false
}

// isRequirementsFile matches requirements.txt, requirements-dev.txt,
// dev-requirements.txt, requirements.in and *.txt/*.in under a
// requirements/ folder.
func isRequirementsFile(p string) bool {
	base := path.Base(p)
	if reqFileBaseRe.MatchString(base) {
		return true
	}
	ext := path.Ext(base)
	return (ext == ".txt" || ext == ".in") && strings.EqualFold(path.Base(path.Dir(p)), "requirements")
}

// reqScope is "dev" for development and test requirement files.
func reqScope(p string) string {
	name := strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	if reqDevNameRe.MatchString(name) {
		return "dev"
	}
	return "runtime"
}

// reqFile is a parsed requirements file.
type reqFile struct {
	deps []facts.Dependency
	// unpinned names requirements that are not pinned on their own line.
	unpinned    []string
	includes    []string // -r files, relative to the file's folder
	constraints []string // -c files
	// generated is true for pip-compile / uv output; sources names the
	// input files its header lists (base names).
	generated bool
	sources   []string
}

// parseRequirements reads a requirements file (pip's format): one
// requirement per logical line, `\` continuations joined, comments and
// global options skipped, -r/-c includes recorded.
func parseRequirements(data []byte, scope string) *reqFile {
	rf := &reqFile{}
	physical := strings.Split(string(data), "\n")
	header := true
	lastDep := -1
	inVia := false
	var via [][]string
	for i := 0; i < len(physical); i++ {
		lineNo := i + 1
		text := strings.TrimRight(physical[i], "\r")
		if strings.HasSuffix(text, `\`) && i+1 < len(physical) {
			var b strings.Builder
			for strings.HasSuffix(text, `\`) && i+1 < len(physical) {
				b.WriteString(text[:len(text)-1])
				b.WriteByte(' ')
				i++
				text = strings.TrimRight(physical[i], "\r")
			}
			b.WriteString(text)
			text = b.String()
		}
		comment := ""
		if loc := reqCommentRe.FindStringIndex(text); loc != nil {
			comment = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(text[loc[0]:]), "#"))
			text = text[:loc[0]]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			if header {
				rf.readHeaderComment(comment)
			}
			if comment == "" {
				inVia = false
				continue
			}
			switch {
			case lastDep >= 0 && (comment == "via" || strings.HasPrefix(comment, "via ")):
				inVia = true
				if rest := strings.TrimSpace(strings.TrimPrefix(comment, "via")); rest != "" {
					via[lastDep] = append(via[lastDep], rest)
				}
			case inVia && lastDep >= 0:
				via[lastDep] = append(via[lastDep], comment)
			}
			continue
		}
		header, inVia = false, false
		if strings.HasPrefix(text, "-") {
			editable, ok := rf.readOption(text)
			if !ok {
				continue
			}
			text = editable
		}
		reqPart, opts := text, ""
		if loc := reqOptionStart.FindStringIndex(text); loc != nil {
			reqPart, opts = strings.TrimSpace(text[:loc[0]]), text[loc[0]:]
		}
		name, spec, ok := parseRequirementSpec(reqPart)
		if !ok {
			continue
		}
		pinned := pyPinned(spec) || strings.Contains(opts, "--hash")
		if !pinned {
			rf.unpinned = append(rf.unpinned, name)
		}
		rf.deps = append(rf.deps, facts.Dependency{Name: name, Version: spec, Scope: scope, Direct: true, Line: lineNo})
		via = append(via, nil)
		lastDep = len(rf.deps) - 1
		if strings.HasPrefix(comment, "via ") {
			via[lastDep] = append(via[lastDep], strings.TrimSpace(comment[4:]))
			inVia = true
		}
	}
	// pip-compile and uv say why each pin is there; a pin that only another
	// package needs is not a direct dependency.
	if rf.generated {
		for i, v := range via {
			if len(v) > 0 && !slices.ContainsFunc(v, viaIsDirect) {
				rf.deps[i].Direct = false
			}
		}
	}
	return rf
}

var viaManifestRe = lazyre.New(`\((pyproject\.toml|setup\.py|setup\.cfg)\)`)

func viaIsDirect(v string) bool {
	return strings.HasPrefix(v, "-r ") || viaManifestRe.MatchString(v)
}

// parseRequirementSpec reads one requirement: a PEP 508 string, a VCS or
// URL requirement with #egg=, or a local path (the project itself, skipped).
func parseRequirementSpec(s string) (name, spec string, ok bool) {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") || strings.HasPrefix(s, "file:") {
		return "", "", false
	}
	if strings.Contains(s, "://") && !strings.Contains(s, " @ ") && !strings.Contains(s, "@ ") {
		i := strings.Index(s, "#egg=")
		if i < 0 {
			return "", "", false
		}
		egg := s[i+len("#egg="):]
		if j := strings.IndexAny(egg, "&# "); j >= 0 {
			egg = egg[:j]
		}
		if egg == "" {
			return "", "", false
		}
		return normalizePyName(egg), "@ " + s, true
	}
	return parsePEP508(s)
}

// readOption records -r/-c includes; for -e/--editable it returns the
// requirement (a VCS URL; local paths are the project itself and are
// skipped later). Other options (indexes, hashes on their own line)
// carry no dependency.
func (rf *reqFile) readOption(text string) (editable string, ok bool) {
	flag, arg, _ := strings.Cut(text, " ")
	if k, v, ok := strings.Cut(flag, "="); ok {
		flag, arg = k, v
	}
	arg = strings.TrimSpace(arg)
	switch {
	case flag == "-e" || flag == "--editable":
		return arg, arg != ""
	case flag == "-r" || flag == "--requirement":
		rf.includes = append(rf.includes, arg)
	case strings.HasPrefix(flag, "-r") && !strings.HasPrefix(flag, "--"):
		rf.includes = append(rf.includes, flag[2:])
	case flag == "-c" || flag == "--constraint":
		rf.constraints = append(rf.constraints, arg)
	case strings.HasPrefix(flag, "-c") && !strings.HasPrefix(flag, "--"):
		rf.constraints = append(rf.constraints, flag[2:])
	}
	return "", false
}

// readHeaderComment looks at the comment block that opens the file for
// the pip-compile / uv banner and the command it records.
func (rf *reqFile) readHeaderComment(c string) {
	if strings.Contains(c, "autogenerated by") {
		rf.generated = true
		return
	}
	if !rf.generated {
		return
	}
	fields := strings.Fields(c)
	if len(fields) == 0 || !(fields[0] == "pip-compile" || fields[0] == "uv" || strings.HasSuffix(fields[0], "pip-compile")) {
		return
	}
	if slices.Contains(fields, "export") {
		rf.sources = append(rf.sources, "pyproject.toml")
	}
	skipNext := false
	for _, f := range fields[1:] {
		switch {
		case skipNext:
			skipNext = false
		case f == "-o" || f == "--output-file" || f == "-c" || f == "--constraint":
			skipNext = true
		case strings.HasPrefix(f, "-"):
		default:
			switch path.Ext(f) {
			case ".in", ".txt", ".toml", ".py", ".cfg":
				rf.sources = append(rf.sources, path.Base(f))
			}
		}
	}
}

// reqFile parses p once (nil when it is missing or unreadable).
func (d *depScan) reqFile(p string) *reqFile {
	if rf, ok := d.reqFiles[p]; ok {
		return rf
	}
	d.reqFiles[p] = nil
	if !d.t.Has(p) {
		return nil
	}
	data, ok := d.t.ReadText(p)
	if !ok {
		return nil
	}
	rf := parseRequirements(data, reqScope(p))
	if !rf.generated && strings.HasSuffix(p, ".txt") && d.t.Has(strings.TrimSuffix(p, ".txt")+".in") {
		// Compiled from a sibling .in with pip-compile: a lock in effect.
		rf.generated = true
		rf.sources = append(rf.sources, path.Base(strings.TrimSuffix(p, ".txt")+".in"))
	}
	d.reqFiles[p] = rf
	return rf
}

// requirements turns a requirements file into a manifest and queues the
// files it includes so that they are read too.
func (d *depScan) requirements(p string) *facts.Manifest {
	rf := d.reqFile(p)
	if rf == nil {
		return nil
	}
	kind := "requirements.txt"
	if strings.HasSuffix(p, ".in") {
		// Its compiled .txt is linked as its lockfile by linkPythonLocks.
		kind = "requirements.in"
	}
	m := newManifest(p, "pypi", kind)
	m.Dependencies = append(m.Dependencies, rf.deps...)
	m.Pinned = d.reqPinned(p, map[string]bool{})
	for _, inc := range append(append([]string{}, rf.includes...), rf.constraints...) {
		target := path.Join(path.Dir(p), inc)
		if d.t.Has(target) && !snapshot.IsFixturePath(target) && !d.done[target] && !slices.Contains(d.reqQueue, target) {
			d.reqQueue = append(d.reqQueue, target)
		}
	}
	return m
}

// reqPinned reports whether every requirement of p, and of the files it
// includes, is pinned (by ==, a hash, or a pinned constraint), or whether p
// was compiled by pip-compile or uv.
func (d *depScan) reqPinned(p string, seen map[string]bool) bool {
	if seen[p] {
		return true
	}
	seen[p] = true
	rf := d.reqFile(p)
	if rf == nil {
		return true
	}
	if rf.generated {
		return true
	}
	constrained := map[string]bool{}
	for _, c := range rf.constraints {
		if crf := d.reqFile(path.Join(path.Dir(p), c)); crf != nil {
			for _, dep := range crf.deps {
				if pyPinned(dep.Version) {
					constrained[dep.Name] = true
				}
			}
		}
	}
	for _, name := range rf.unpinned {
		if !constrained[name] {
			return false
		}
	}
	for _, inc := range rf.includes {
		if !d.reqPinned(path.Join(path.Dir(p), inc), seen) {
			return false
		}
	}
	return true
}

// linkPythonLocks adds to each Python manifest the compiled requirement
// files beside it whose pip-compile / uv header names it as an input
// (requirements.in -> requirements.txt, pyproject.toml -> requirements.txt).
func (d *depScan) linkPythonLocks() {
	for _, m := range d.manifests {
		if m.Ecosystem != "pypi" || m.Kind == "requirements.txt" || m.Kind == "Pipfile" {
			continue
		}
		dir, base := path.Dir(m.Path), path.Base(m.Path)
		for _, name := range d.filesIn(dir) {
			cand := path.Join(dir, name)
			if cand == m.Path || !isRequirementsFile(cand) || !strings.HasSuffix(name, ".txt") {
				continue
			}
			if rf := d.reqFiles[cand]; rf != nil && rf.generated && slices.Contains(rf.sources, base) && !slices.Contains(m.Lockfiles, cand) {
				m.Lockfiles = append(m.Lockfiles, cand)
			}
		}
	}
}

// pythonLocks returns the lockfiles beside a pyproject.toml / setup.py /
// setup.cfg, or those of the uv workspace root that lists it as a member.
func (d *depScan) pythonLocks(dir string) []string {
	locks := d.besides(dir, pythonLockfiles...)
	for _, name := range d.filesIn(dir) {
		if pylockRe.MatchString(name) {
			locks = append(locks, path.Join(dir, name))
		}
	}
	if len(locks) > 0 {
		return locks
	}
	for _, anc := range depAncestors(dir) {
		ws := d.uvWorkspace(anc)
		if ws != nil && depWorkspaceMatch(ws.members, depRelTo(anc, dir)) && !depWorkspaceMatch(ws.exclude, depRelTo(anc, dir)) {
			return d.besides(anc, "uv.lock")
		}
	}
	return nil
}

// uvWorkspace is [tool.uv.workspace] of a pyproject.toml.
type uvWorkspace struct {
	members, exclude []string
}

func (d *depScan) uvWorkspace(dir string) *uvWorkspace {
	if ws, ok := d.uvMembers[dir]; ok {
		return ws
	}
	d.uvMembers[dir] = nil
	p := path.Join(dir, "pyproject.toml")
	if !d.t.Has(p) {
		return nil
	}
	data, err := d.t.Read(p)
	if err != nil {
		return nil
	}
	doc, _, _ := parseTOML(data)
	w := doc.get("tool", "uv", "workspace")
	if w == nil {
		return nil
	}
	ws := &uvWorkspace{members: tomlStrings(w.get("members")), exclude: tomlStrings(w.get("exclude"))}
	d.uvMembers[dir] = ws
	return ws
}

func tomlStrings(v *tomlValue) []string {
	if v == nil || v.kind != tomlArray {
		return nil
	}
	var out []string
	for _, it := range v.items {
		if it.kind == tomlString {
			out = append(out, it.str)
		}
	}
	return out
}

// pyproject reads PEP 621 [project] dependencies and optional-dependencies,
// PEP 735 [dependency-groups], Poetry (main, dev and group dependencies),
// PDM and uv development dependencies, and [build-system] requires as
// plugins. A pyproject.toml that only configures tools is not a manifest.
func (d *depScan) pyproject(p string, data []byte) *facts.Manifest {
	doc, errLine, err := parseTOML(data)
	if err != nil {
		d.warn(p, data, errLine, fmt.Sprintf("parse pyproject.toml: %v", err))
	}
	if doc.get("project") == nil && doc.get("tool", "poetry") == nil && doc.get("dependency-groups") == nil &&
		doc.get("tool", "pdm") == nil && doc.get("tool", "uv") == nil {
		return nil
	}
	m := newManifest(p, "pypi", "pyproject.toml")
	m.Lockfiles = append(m.Lockfiles, d.pythonLocks(path.Dir(p))...)
	add := func(v *tomlValue, scope string) {
		m.Dependencies = append(m.Dependencies, pep508List(v, scope)...)
	}
	add(doc.get("project", "dependencies"), "runtime")
	forEachTable(doc.get("project", "optional-dependencies"), func(extra string, v *tomlValue) { add(v, extra) })
	forEachTable(doc.get("dependency-groups"), func(group string, v *tomlValue) { add(v, group) })
	poetry := doc.get("tool", "poetry")
	m.Dependencies = append(m.Dependencies, poetryDeps(poetry.get("dependencies"), "runtime")...)
	m.Dependencies = append(m.Dependencies, poetryDeps(poetry.get("dev-dependencies"), "dev")...)
	forEachTable(poetry.get("group"), func(group string, g *tomlValue) {
		m.Dependencies = append(m.Dependencies, poetryDeps(g.get("dependencies"), group)...)
	})
	forEachTable(doc.get("tool", "pdm", "dev-dependencies"), func(group string, v *tomlValue) { add(v, group) })
	add(doc.get("tool", "uv", "dev-dependencies"), "dev")
	m.Plugins = append(m.Plugins, pep508List(doc.get("build-system", "requires"), "build")...)
	if ws := doc.get("tool", "uv", "workspace"); ws != nil {
		m.Workspaces = append(m.Workspaces, tomlStrings(ws.get("members"))...)
	}
	return m
}

// forEachTable calls fn for each key of a table, in the order written.
func forEachTable(t *tomlValue, fn func(key string, v *tomlValue)) {
	if t == nil || t.kind != tomlTable {
		return
	}
	for _, k := range t.keys {
		fn(k, t.table[k])
	}
}

// pep508List reads an array of PEP 508 strings; other items (PEP 735
// include-group tables) are skipped.
func pep508List(v *tomlValue, scope string) []facts.Dependency {
	if v == nil || v.kind != tomlArray {
		return nil
	}
	var out []facts.Dependency
	for _, it := range v.items {
		if it.kind != tomlString {
			continue
		}
		if name, spec, ok := parsePEP508(it.str); ok {
			out = append(out, facts.Dependency{Name: name, Version: spec, Scope: scope, Direct: true, Line: it.line})
		}
	}
	return out
}

// poetryDeps reads a Poetry / Pipfile dependency table: name = "^1.2",
// name = {version = "..."}, name = [{version = ..., python = ...}], or a
// [x.dependencies.name] sub-table. "python" is the interpreter, not a
// dependency.
func poetryDeps(t *tomlValue, scope string) []facts.Dependency {
	var out []facts.Dependency
	forEachTable(t, func(name string, v *tomlValue) {
		if strings.EqualFold(name, "python") {
			return
		}
		version := ""
		switch v.kind {
		case tomlString:
			version = v.str
		case tomlTable:
			version = v.getString("version")
		case tomlArray:
			for _, it := range v.items {
				if version = it.getString("version"); version != "" {
					break
				}
			}
		}
		out = append(out, facts.Dependency{Name: normalizePyName(name), Version: version, Scope: scope, Direct: true, Line: v.line})
	})
	return out
}

// pipfile reads [packages] (runtime), [dev-packages] (dev) and Pipenv's
// custom categories; the lockfile is Pipfile.lock.
func (d *depScan) pipfile(p string, data []byte) *facts.Manifest {
	doc, errLine, err := parseTOML(data)
	if err != nil {
		d.warn(p, data, errLine, fmt.Sprintf("parse Pipfile: %v", err))
	}
	m := newManifest(p, "pypi", "Pipfile")
	m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(p), "Pipfile.lock")...)
	forEachTable(doc, func(section string, v *tomlValue) {
		switch section {
		case "source", "requires", "scripts", "pipenv":
			return
		case "packages":
			m.Dependencies = append(m.Dependencies, poetryDeps(v, "runtime")...)
		case "dev-packages":
			m.Dependencies = append(m.Dependencies, poetryDeps(v, "dev")...)
		default:
			m.Dependencies = append(m.Dependencies, poetryDeps(v, section)...)
		}
	})
	return m
}

// setupCfg reads setuptools' [options] install_requires / tests_require /
// setup_requires and [options.extras_require]. A setup.cfg without
// [metadata] or [options] only configures tools and is not a manifest.
func (d *depScan) setupCfg(p string, data []byte) *facts.Manifest {
	lines := strings.Split(string(data), "\n")
	isManifest := false
	section, key := "", ""
	var deps, plugins []facts.Dependency
	for i, raw := range lines {
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";") {
			continue
		}
		if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") {
			section, key = strings.ToLower(strings.TrimSpace(trimmed[1:len(trimmed)-1])), ""
			if section == "metadata" || section == "options" {
				isManifest = true
			}
			continue
		}
		value := trimmed
		if line[0] != ' ' && line[0] != '\t' {
			k, v, ok := strings.Cut(trimmed, "=")
			if !ok {
				k, v, ok = strings.Cut(trimmed, ":")
			}
			if !ok {
				key = ""
				continue
			}
			key, value = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		}
		scope := ""
		switch {
		case section == "options" && key == "install_requires":
			scope = "runtime"
		case section == "options" && key == "tests_require":
			scope = "test"
		case section == "options" && key == "setup_requires":
			scope = "build"
		case section == "options.extras_require" && key != "":
			scope = key
		default:
			continue
		}
		for _, item := range strings.Split(value, ";") {
			if i := strings.Index(item, " #"); i >= 0 {
				item = item[:i]
			}
			name, spec, ok := parsePEP508(item)
			if !ok {
				continue
			}
			dep := facts.Dependency{Name: name, Version: spec, Scope: scope, Direct: true, Line: i + 1}
			if scope == "build" {
				plugins = append(plugins, dep)
			} else {
				deps = append(deps, dep)
			}
		}
	}
	if !isManifest {
		return nil
	}
	m := newManifest(p, "pypi", "setup.cfg")
	m.Dependencies = append(m.Dependencies, deps...)
	m.Plugins = append(m.Plugins, plugins...)
	m.Lockfiles = append(m.Lockfiles, d.pythonLocks(path.Dir(p))...)
	return m
}

var (
	setupListRe  = lazyre.New(`\b(install_requires|tests_require|setup_requires|extras_require)\s*=\s*([\[{])`)
	setupStrRe   = lazyre.New(`"([^"\\\n]*)"|'([^'\\\n]*)'`)
	setupExtraRe = lazyre.New(`["']([^"'\n]+)["']\s*:\s*\[`)
)

// setupPy reads install_requires=[...], tests_require, setup_requires and
// extras_require={...} literals from a setup.py without running it;
// requirements built in code are not seen.
func (d *depScan) setupPy(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "pypi", "setup.py")
	m.Lockfiles = append(m.Lockfiles, d.pythonLocks(path.Dir(p))...)
	src := string(data)
	lines := newOffsetLines(data)
	strs := func(from, to int, scope string) []facts.Dependency {
		var out []facts.Dependency
		for _, loc := range setupStrRe.FindAllStringSubmatchIndex(src[from:to], -1) {
			s := ""
			if loc[2] >= 0 {
				s = src[from+loc[2] : from+loc[3]]
			} else {
				s = src[from+loc[4] : from+loc[5]]
			}
			if name, spec, ok := parsePEP508(s); ok {
				out = append(out, facts.Dependency{Name: name, Version: spec, Scope: scope, Direct: true, Line: lines.line(from + loc[0])})
			}
		}
		return out
	}
	// Regions already read are skipped, so that nested or unclosed
	// brackets cost one pass, not one per match.
	readTo := 0
	for _, loc := range setupListRe.FindAllStringSubmatchIndex(src, -1) {
		if loc[0] < readTo {
			continue
		}
		key := src[loc[2]:loc[3]]
		open := loc[4]
		end := depMatchBracket(src, open)
		readTo = end
		switch key {
		case "install_requires":
			m.Dependencies = append(m.Dependencies, strs(open, end, "runtime")...)
		case "tests_require":
			m.Dependencies = append(m.Dependencies, strs(open, end, "test")...)
		case "setup_requires":
			m.Plugins = append(m.Plugins, strs(open, end, "build")...)
		case "extras_require":
			if src[open] != '{' {
				continue
			}
			body := src[open:end]
			listEnd := 0
			for _, e := range setupExtraRe.FindAllStringSubmatchIndex(body, -1) {
				listOpen := open + e[1] - 1
				if listOpen < listEnd {
					continue
				}
				listEnd = depMatchBracket(src, listOpen)
				m.Dependencies = append(m.Dependencies, strs(listOpen, listEnd, body[e[2]:e[3]])...)
			}
		}
	}
	return m
}

// depMatchBracket returns the offset just past the bracket that closes the
// one at open, skipping quoted strings; len(s) when unclosed.
func depMatchBracket(s string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{' || c == '(':
			depth++
		case c == ']' || c == '}' || c == ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}
