package deps

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// Gradle build scripts are programs; they are read as text, never run.
// gradleStatements cuts a script (Groovy or Kotlin DSL) into statements,
// each with its line and the blocks it sits in, so that a dependency is
// recognised by where it is (dependencies {}, plugins {}) rather than by a
// fixed list of configuration names.

// gradleStmt is one statement of a build script.
type gradleStmt struct {
	text  string
	line  int
	stack []string // names of the enclosing blocks, outermost first
}

const (
	// maxGradleNesting bounds recursion into GString ${...} expressions.
	maxGradleNesting = 64
	// maxGradleBlocks bounds the blocks a statement is known to sit in;
	// real scripts nest a handful deep.
	maxGradleBlocks = 32
)

func gradleStatements(src []byte) []gradleStmt {
	s := stripGradleComments(src)
	lines := newOffsetLines(src)
	var out []gradleStmt
	var stack []string
	overflow := 0 // blocks opened past maxGradleBlocks, not tracked
	// snapshot is stack as statements share it (read-only), nil once
	// stack changes.
	var snapshot []string
	n := len(s)
	for i := 0; i < n; {
		switch s[i] {
		case ' ', '\t', '\r', '\n', ';':
			i++
			continue
		case '}':
			switch {
			case overflow > 0:
				overflow--
			case len(stack) > 0:
				stack = stack[:len(stack)-1]
				snapshot = nil
			}
			i++
			continue
		}
		start, end, opens := i, -1, false
		depth := 0
	scan:
		for i < n {
			switch c := s[i]; {
			case c == '"' || c == '\'':
				i = skipGradleString(s, i, 0)
				continue
			case c == '(' || c == '[':
				depth++
			case c == ')' || c == ']':
				if depth > 0 {
					depth--
				}
			case c == '{':
				if depth == 0 {
					end, opens = i, true
					i++
					break scan
				}
				depth++
			case c == '}':
				if depth == 0 {
					end = i
					break scan
				}
				depth--
			case c == ';' && depth == 0:
				end = i
				break scan
			case c == '\n' && depth == 0 && !gradleContinues(s, start, i):
				end = i
				break scan
			}
			i++
		}
		if end < 0 {
			end = n
		}
		text := strings.TrimSpace(string(s[start:end]))
		if text != "" {
			if snapshot == nil {
				snapshot = slices.Clip(slices.Clone(stack))
			}
			out = append(out, gradleStmt{text: text, line: lines.line(start), stack: snapshot})
		}
		if opens {
			if len(stack) < maxGradleBlocks {
				stack = append(stack, gradleIdentRe.FindString(text))
				snapshot = nil
			} else {
				overflow++
			}
		}
	}
	return out
}

// gradleContinues reports whether the statement that started at start goes
// on past the newline at nl: a trailing operator or comma, a chained call
// on the next line, or a block name whose brace is on the next line.
func gradleContinues(s []byte, start, nl int) bool {
	end := nl
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t' || s[end-1] == '\r') {
		end--
	}
	if end == start {
		return true
	}
	switch s[end-1] {
	case ',', '(', '+', '=', ':', '.', '&', '|':
		return true
	}
	j := nl + 1
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n') {
		j++
	}
	if j >= len(s) {
		return false
	}
	if s[j] == '.' || (s[j] == '?' && j+1 < len(s) && (s[j+1] == '.' || s[j+1] == ':')) {
		return true
	}
	if s[j] != '{' {
		return false
	}
	prev := strings.TrimSpace(string(s[start:end]))
	return gradleIdentRe.FindString(prev) == prev
}

// skipGradleString returns the offset just past the string literal that
// starts at i (single or double quotes, tripled or not), following ${...}
// expressions in double-quoted strings. A string that is not tripled ends
// at the end of its line at the latest.
func skipGradleString(s []byte, i, nesting int) int {
	q := s[i]
	triple := i+2 < len(s) && s[i+1] == q && s[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\':
			i += 2
			continue
		case c == '\n' && !triple:
			return i
		case c == q && (!triple || (i+2 < len(s) && s[i+1] == q && s[i+2] == q)):
			if triple {
				return i + 3
			}
			return i + 1
		case c == '$' && q == '"' && i+1 < len(s) && s[i+1] == '{' && nesting < maxGradleNesting:
			i = skipGradleExpr(s, i+1, nesting+1)
			continue
		}
		i++
	}
	return len(s)
}

// skipGradleExpr skips a {...} expression inside a string.
func skipGradleExpr(s []byte, i, nesting int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"', '\'':
			i = skipGradleString(s, i, nesting)
			continue
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\n':
			return i
		}
		i++
	}
	return len(s)
}

// stripGradleComments blanks // and /* */ comments (keeping newlines, so
// offsets and lines stay put) without touching string literals.
func stripGradleComments(src []byte) []byte {
	s := slices.Clone(src)
	for i := 0; i < len(s); {
		switch {
		case s[i] == '"' || s[i] == '\'':
			i = skipGradleString(s, i, 0)
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				s[i] = ' '
				i++
			}
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			s[i], s[i+1] = ' ', ' '
			i += 2
			for i < len(s) && !(s[i] == '*' && i+1 < len(s) && s[i+1] == '/') {
				if s[i] != '\n' {
					s[i] = ' '
				}
				i++
			}
			if i < len(s) {
				s[i], s[i+1] = ' ', ' '
				i += 2
			}
		default:
			i++
		}
	}
	return s
}

var (
	gradleIdentRe    = lazyre.New(`^[A-Za-z_][A-Za-z0-9_]*`)
	gradleNamedArgRe = lazyre.New(`^([A-Za-z]+)\s*[:=]\s*(.+)$`)
	gradleCallRe     = lazyre.New(`(?s)^([A-Za-z_][A-Za-z0-9_.]*)\s*\((.*)\)$`)
	gradleAccessorRe = lazyre.New(`^([a-z][A-Za-z0-9]*)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*?)(?:\.get\(\))?$`)
	gradlePluginIDRe = lazyre.New(`^id\s*\(?\s*["']([^"']+)["']`)
	gradleKotlinPlRe = lazyre.New(`^kotlin\s*\(\s*["']([^"']+)["']\s*\)`)
	gradleAliasRe    = lazyre.New(`^alias\s*\(?\s*([A-Za-z0-9_.]+?)(?:\.get\(\))?\s*\)?(?:\s|$)`)
	gradleBareRe     = lazyre.New("^`?([A-Za-z][A-Za-z0-9_.-]*)`?$")
	gradleVersionRe  = lazyre.New(`\bversion\s*\(?\s*["']([^"']+)["']`)
	gradleApplyRe    = lazyre.New(`^apply\s*\(?\s*plugin\s*[:=]\s*["']([^"']+)["']`)
	gradleIncludeRe  = lazyre.New(`^include\b`)
	gradleLiteralRe  = lazyre.New(`"([^"\n]*)"|'([^'\n]*)'`)
)

// gradleKeywords start statements that are not dependency declarations.
var gradleKeywords = map[string]bool{
	"if": true, "else": true, "for": true, "while": true, "when": true, "val": true, "var": true,
	"def": true, "return": true, "try": true, "catch": true, "fun": true, "import": true,
}

// gradleBuild reads build.gradle / build.gradle.kts: dependencies {} of any
// configuration (constraints as not direct), buildscript classpath and
// plugins {} / apply plugin as plugins, settings includes as workspaces.
// isGradleConventionPlugin matches a precompiled script plugin: a
// *.gradle.kts or *.gradle source of buildSrc or an included build
// (build-logic/convention/src/main/kotlin/java-conventions.gradle.kts).
// Multi-project builds declare the dependencies their subprojects share in
// such plugins, so it is read like a build script, its file name as kind.
func isGradleConventionPlugin(p, base string) bool {
	if !strings.HasSuffix(base, ".gradle.kts") && !strings.HasSuffix(base, ".gradle") {
		return false
	}
	if strings.HasPrefix(base, "settings.gradle") {
		return false
	}
	p = "/" + p
	return strings.Contains(p, "/src/main/kotlin/") || strings.Contains(p, "/src/main/groovy/")
}

func (d *depScan) gradleBuild(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "gradle", strings.ToLower(path.Base(p)))
	dir := path.Dir(p)
	cats := d.gradleCatalogs(dir)
	for _, st := range gradleStatements(data) {
		switch gradleContext(st.stack) {
		case "dependencies", "constraints":
			for _, dep := range parseGradleDep(st.text, cats) {
				dep.Line = st.line
				dep.Direct = gradleContext(st.stack) == "dependencies"
				m.Dependencies = append(m.Dependencies, dep)
			}
			continue
		case "classpath":
			for _, dep := range parseGradleDep(st.text, cats) {
				dep.Line, dep.Direct = st.line, true
				m.Plugins = append(m.Plugins, dep)
			}
			continue
		case "plugins":
			if pl, ok := parseGradlePlugin(st.text, cats); ok {
				pl.Line = st.line
				m.Plugins = append(m.Plugins, pl)
			}
			continue
		}
		if mm := gradleApplyRe.FindStringSubmatch(st.text); mm != nil {
			m.Plugins = append(m.Plugins, facts.Dependency{Name: mm[1], Scope: "build", Direct: true, Line: st.line})
		}
	}
	m.Lockfiles = append(m.Lockfiles, d.gradleLocks(dir)...)
	for _, settings := range d.besides(dir, "settings.gradle", "settings.gradle.kts") {
		if sdata, ok := d.t.ReadText(settings); ok {
			m.Workspaces = append(m.Workspaces, gradleIncludes(sdata)...)
		}
	}
	return m
}

// gradleSettingsOnly makes a manifest of a settings script that has no
// build script beside it (a multi-project root): its includes and plugins.
func (d *depScan) gradleSettingsOnly(p string) *facts.Manifest {
	dir := path.Dir(p)
	if len(d.besides(dir, "build.gradle", "build.gradle.kts")) > 0 {
		return nil
	}
	if strings.HasSuffix(p, ".gradle") && d.t.Has(p+".kts") {
		return nil // the Kotlin one speaks for both
	}
	data, ok := d.t.ReadText(p)
	if !ok {
		return nil
	}
	m := newManifest(p, "gradle", strings.ToLower(path.Base(p)))
	cats := d.gradleCatalogs(dir)
	for _, st := range gradleStatements(data) {
		if gradleContext(st.stack) == "plugins" {
			if pl, ok := parseGradlePlugin(st.text, cats); ok {
				pl.Line = st.line
				m.Plugins = append(m.Plugins, pl)
			}
		}
	}
	m.Workspaces = append(m.Workspaces, gradleIncludes(data)...)
	m.Lockfiles = append(m.Lockfiles, d.gradleLocks(dir)...)
	return m
}

func (d *depScan) gradleLocks(dir string) []string {
	locks := d.besides(dir, "gradle.lockfile", "buildscript-gradle.lockfile", "settings-gradle.lockfile")
	lockDir := path.Join(dir, "gradle", "dependency-locks")
	for _, name := range d.filesIn(lockDir) {
		if strings.HasSuffix(name, ".lockfile") {
			locks = append(locks, path.Join(lockDir, name))
		}
	}
	return locks
}

// gradleIncludes reads include(...) project paths of a settings script.
func gradleIncludes(data []byte) []string {
	var out []string
	for _, st := range gradleStatements(data) {
		if !gradleIncludeRe.MatchString(st.text) {
			continue
		}
		for _, mm := range gradleLiteralRe.FindAllStringSubmatch(st.text, -1) {
			out = append(out, mm[1]+mm[2])
		}
	}
	return out
}

// gradleContext names what the innermost block means for a statement in it.
func gradleContext(stack []string) string {
	n := len(stack)
	if n == 0 {
		return ""
	}
	switch stack[n-1] {
	case "dependencies":
		if n >= 2 && stack[n-2] == "buildscript" {
			return "classpath"
		}
		return "dependencies"
	case "constraints":
		if n >= 2 && stack[n-2] == "dependencies" {
			return "constraints"
		}
	case "plugins":
		if !slices.Contains(stack, "pluginManagement") {
			return "plugins"
		}
	}
	return ""
}

// parseGradleDep reads a statement of a dependencies block: the
// configuration name followed by string coordinates, map notation,
// version catalog accessors, platform(...) and kotlin(...) wrappers.
func parseGradleDep(text string, cats map[string]*gradleCatalog) []facts.Dependency {
	conf, rest := "", ""
	if text != "" && (text[0] == '"' || text[0] == '\'') {
		// Kotlin's "configurationName"(notation).
		end := skipGradleString([]byte(text), 0, 0)
		conf, rest = depUnquote(text[:end]), strings.TrimSpace(text[end:])
	} else {
		conf = gradleIdentRe.FindString(text)
		rest = strings.TrimSpace(text[len(conf):])
	}
	if conf == "" || gradleKeywords[conf] || rest == "" {
		return nil
	}
	args := gradleArgs(rest)
	if conf == "add" && len(args) >= 2 {
		conf, args = depUnquote(args[0]), args[1:]
	}
	named := map[string]string{}
	var deps []facts.Dependency
	for _, a := range args {
		if mm := gradleNamedArgRe.FindStringSubmatch(a); mm != nil && !strings.ContainsAny(mm[1], `"'`) {
			switch mm[1] {
			case "group", "name", "version":
				named[mm[1]] = depUnquote(strings.TrimSpace(mm[2]))
			}
			continue
		}
		deps = append(deps, gradleNotation(a, cats, 0)...)
	}
	if named["name"] != "" {
		deps = append(deps, facts.Dependency{Name: named["group"] + ":" + named["name"], Version: named["version"]})
	}
	for i := range deps {
		deps[i].Scope = conf
	}
	return deps
}

// gradleArgs splits the arguments of a call written with or without
// parentheses; a trailing closure or chained call is dropped.
func gradleArgs(rest string) []string {
	if strings.HasPrefix(rest, "(") {
		end := depMatchBracket(rest, 0)
		rest = strings.TrimSuffix(rest[1:end], ")")
	}
	return gradleSplitTopLevel(rest, ',')
}

// gradleSplitTopLevel splits s at sep outside brackets and quotes.
func gradleSplitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	b := []byte(s)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '"' || c == '\'':
			i = skipGradleString(b, i, 0)
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == sep && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
		i++
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// gradleNotation reads one dependency notation.
func gradleNotation(a string, cats map[string]*gradleCatalog, nesting int) []facts.Dependency {
	a = strings.TrimSpace(a)
	if a == "" || nesting > 8 {
		return nil
	}
	switch {
	case a[0] == '"' || a[0] == '\'':
		end := skipGradleString([]byte(a), 0, 0)
		coords := strings.Trim(a[:end], `"'`)
		dep, ok := gradleCoordinates(coords)
		if !ok {
			return nil
		}
		if tail := strings.TrimSpace(a[end:]); dep.Version == "" && strings.HasPrefix(tail, "+") {
			dep.Version = strings.TrimSpace(tail[1:])
		}
		return []facts.Dependency{dep}
	case a[0] == '(':
		return gradleNotation(strings.TrimSuffix(a[1:depMatchBracket(a, 0)], ")"), cats, nesting+1)
	}
	if mm := gradleCallRe.FindStringSubmatch(a); mm != nil {
		args := gradleSplitTopLevel(mm[2], ',')
		switch mm[1] {
		case "platform", "enforcedPlatform", "testFixtures", "variantOf", "dependencies.platform", "dependencies.enforcedPlatform":
			if len(args) > 0 {
				return gradleNotation(args[0], cats, nesting+1)
			}
		case "kotlin":
			if len(args) > 0 {
				dep := facts.Dependency{Name: "org.jetbrains.kotlin:kotlin-" + depUnquote(args[0])}
				if len(args) > 1 {
					dep.Version = depUnquote(args[1])
				}
				return []facts.Dependency{dep}
			}
		}
		return nil
	}
	// A trailing closure or chained call after a call: variantOf(libs.x) { ... }.
	if i := strings.IndexAny(a, "{"); i > 0 {
		return gradleNotation(strings.TrimSpace(a[:i]), cats, nesting+1)
	}
	if mm := gradleAccessorRe.FindStringSubmatch(a); mm != nil {
		return gradleCatalogDeps(mm[1], mm[2], cats)
	}
	return nil
}

// gradleCoordinates splits "group:name[:version[:classifier]][@ext]".
func gradleCoordinates(s string) (facts.Dependency, bool) {
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" || strings.ContainsAny(s, " \t/\\") {
		return facts.Dependency{}, false
	}
	dep := facts.Dependency{Name: parts[0] + ":" + parts[1]}
	if len(parts) > 2 {
		dep.Version = parts[2]
	}
	return dep, true
}

// gradleCatalog is a version catalog (gradle/<name>.versions.toml), keyed
// by accessor (aliases with -, _ and . folded to ".", lower-cased).
type gradleCatalog struct {
	libraries map[string]facts.Dependency // Name is group:artifact
	bundles   map[string][]string         // accessor -> library accessors
	plugins   map[string]facts.Dependency // Name is the plugin id
}

func gradleAccessor(alias string) string {
	return strings.ToLower(strings.NewReplacer("-", ".", "_", ".").Replace(alias))
}

// gradleCatalogDeps resolves libs.x.y (or libs.bundles.x) to the catalog's
// coordinates; unresolved aliases keep the accessor as their name.
func gradleCatalogDeps(catalog, accessor string, cats map[string]*gradleCatalog) []facts.Dependency {
	alias := catalog + "." + accessor
	cat := cats[catalog]
	if cat == nil && catalog != "libs" {
		return nil
	}
	key := gradleAccessor(accessor)
	if rest, ok := strings.CutPrefix(key, "bundles."); ok {
		if cat == nil || cat.bundles[rest] == nil {
			return []facts.Dependency{{Name: alias, Alias: alias}}
		}
		var out []facts.Dependency
		for _, lib := range cat.bundles[rest] {
			if dep, ok := cat.libraries[lib]; ok {
				dep.Alias = alias
				out = append(out, dep)
			}
		}
		return out
	}
	if strings.HasPrefix(key, "versions.") || strings.HasPrefix(key, "plugins.") {
		return nil
	}
	if cat != nil {
		if dep, ok := cat.libraries[key]; ok {
			dep.Alias = alias
			return []facts.Dependency{dep}
		}
	}
	return []facts.Dependency{{Name: alias, Alias: alias}}
}

// parseGradlePlugin reads one statement of a plugins {} block.
func parseGradlePlugin(text string, cats map[string]*gradleCatalog) (facts.Dependency, bool) {
	pl := facts.Dependency{Scope: "build", Direct: true}
	if mm := gradleVersionRe.FindStringSubmatch(text); mm != nil {
		pl.Version = mm[1]
	}
	switch {
	case gradlePluginIDRe.MatchString(text):
		pl.Name = gradlePluginIDRe.FindStringSubmatch(text)[1]
	case gradleKotlinPlRe.MatchString(text):
		pl.Name = "org.jetbrains.kotlin." + gradleKotlinPlRe.FindStringSubmatch(text)[1]
	case gradleAliasRe.MatchString(text):
		ref := gradleAliasRe.FindStringSubmatch(text)[1]
		pl.Name, pl.Alias = ref, ref
		catalog, accessor, _ := strings.Cut(ref, ".")
		if key, ok := strings.CutPrefix(gradleAccessor(accessor), "plugins."); ok && cats[catalog] != nil {
			if res, ok := cats[catalog].plugins[key]; ok {
				pl.Name, pl.Version = res.Name, res.Version
			}
		}
	case gradleBareRe.MatchString(text):
		pl.Name = gradleBareRe.FindStringSubmatch(text)[1]
	default:
		return pl, false
	}
	return pl, pl.Name != ""
}

// gradleCatalogs loads the version catalogs of the build that dir belongs
// to: gradle/*.versions.toml in dir or the nearest folder above it that
// has them.
func (d *depScan) gradleCatalogs(dir string) map[string]*gradleCatalog {
	for _, root := range append([]string{dir}, depAncestors(dir)...) {
		if cats, ok := d.catalogs[root]; ok {
			return cats
		}
		catDir := path.Join(root, "gradle")
		var files []string
		for _, name := range d.filesIn(catDir) {
			if strings.HasSuffix(name, ".versions.toml") {
				files = append(files, name)
			}
		}
		if len(files) == 0 {
			continue
		}
		cats := map[string]*gradleCatalog{}
		for _, name := range files {
			p := path.Join(catDir, name)
			data, ok := d.t.ReadText(p)
			if !ok {
				continue
			}
			doc, errLine, err := parseTOML(data)
			if err != nil {
				d.warn(p, data, errLine, fmt.Sprintf("parse version catalog: %v", err))
			}
			cats[strings.TrimSuffix(name, ".versions.toml")] = readGradleCatalog(doc)
		}
		d.catalogs[root] = cats
		return cats
	}
	return nil
}

func readGradleCatalog(doc *tomlValue) *gradleCatalog {
	cat := &gradleCatalog{libraries: map[string]facts.Dependency{}, bundles: map[string][]string{}, plugins: map[string]facts.Dependency{}}
	versions := doc.get("versions")
	version := func(v *tomlValue) string {
		switch {
		case v == nil:
			return ""
		case v.kind == tomlString:
			return v.str
		case v.kind == tomlTable:
			if ref := v.getString("ref"); ref != "" {
				rv := versions.get(ref)
				if rv != nil && rv.kind == tomlTable {
					return depFirstNonEmpty(rv.getString("strictly"), rv.getString("require"), rv.getString("prefer"))
				}
				return versions.getString(ref)
			}
			return depFirstNonEmpty(v.getString("strictly"), v.getString("require"), v.getString("prefer"))
		}
		return ""
	}
	forEachTable(doc.get("libraries"), func(alias string, v *tomlValue) {
		var dep facts.Dependency
		switch v.kind {
		case tomlString:
			d, ok := gradleCoordinates(v.str)
			if !ok {
				return
			}
			dep = d
		case tomlTable:
			module := v.getString("module")
			if module == "" && v.getString("name") != "" {
				module = v.getString("group") + ":" + v.getString("name")
			}
			if module == "" {
				return
			}
			dep = facts.Dependency{Name: module, Version: version(v.get("version"))}
		default:
			return
		}
		cat.libraries[gradleAccessor(alias)] = dep
	})
	forEachTable(doc.get("bundles"), func(alias string, v *tomlValue) {
		for _, lib := range tomlStrings(v) {
			cat.bundles[gradleAccessor(alias)] = append(cat.bundles[gradleAccessor(alias)], gradleAccessor(lib))
		}
	})
	forEachTable(doc.get("plugins"), func(alias string, v *tomlValue) {
		switch v.kind {
		case tomlString:
			id, ver, _ := strings.Cut(v.str, ":")
			cat.plugins[gradleAccessor(alias)] = facts.Dependency{Name: id, Version: ver}
		case tomlTable:
			if id := v.getString("id"); id != "" {
				cat.plugins[gradleAccessor(alias)] = facts.Dependency{Name: id, Version: version(v.get("version"))}
			}
		}
	})
	return cat
}

func depFirstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
