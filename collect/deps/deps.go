package deps

import (
	"bytes"
	"context"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/scoredev/score/collect/deps/gemlock"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector reads dependency manifests of every ecosystem (Go,
// npm, Maven, Gradle, sbt, Python, NuGet, Cargo, RubyGems, Composer, Hex)
// into Facts.Dependencies: each declared
// dependency with its version, scope and line, build plugins, workspace
// members and the lockfiles that go with the manifest. Fixture trees are
// skipped. Nothing here resolves or downloads anything.
type Collector struct{}

func (Collector) Name() string { return "deps" }

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	d := newDepScan(t)
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if snapshot.IsFixturePath(p) {
			continue
		}
		d.scan(p)
	}
	// Requirement files reached only through -r includes.
	for len(d.reqQueue) > 0 {
		p := d.reqQueue[0]
		d.reqQueue = d.reqQueue[1:]
		d.scan(p)
	}
	d.linkPythonLocks()
	d.linkGemLocks()
	d.gemLockExtras()
	d.linkMixLocks()
	for _, m := range d.manifests {
		if m.Lockfiles == nil {
			m.Lockfiles = []string{}
		}
		if m.Dependencies == nil {
			m.Dependencies = []facts.Dependency{}
		}
		if m.Plugins == nil {
			m.Plugins = []facts.Dependency{}
		}
		if m.Workspaces == nil {
			m.Workspaces = []string{}
		}
		f.Dependencies.Manifests = append(f.Dependencies.Manifests, *m)
	}
	sort.SliceStable(f.Dependencies.Manifests, func(i, j int) bool {
		return f.Dependencies.Manifests[i].Path < f.Dependencies.Manifests[j].Path
	})
	return nil
}

// depScan is the state of one dependency collection: the tree, the manifests
// found so far and caches shared between manifests (workspace roots,
// version catalogs, central package versions, parsed requirement files).
type depScan struct {
	t         *snapshot.Tree
	manifests []*facts.Manifest
	done      map[string]bool
	// dirs maps a directory to the base names of the files directly in it.
	dirs map[string][]string

	npmRoots  map[string]*npmRoot
	catalogs  map[string]map[string]*gradleCatalog
	nugetCPM  map[string]map[string]string
	reqFiles  map[string]*reqFile
	reqQueue  []string
	uvMembers map[string]*uvWorkspace
	cargoWS   map[string]*cargoWorkspace
	// gemLocks maps a directory to the lockfiles of the Gemfiles that load
	// its gemspec (`gemspec`, `gem ..., path:`).
	gemLocks map[string][]string
	// gemLockDocs are the parsed Bundler lockfiles, by path, compared with
	// their Gemfiles once every manifest has been read.
	gemLockDocs map[string]gemlock.Lock
}

func newDepScan(t *snapshot.Tree) *depScan {
	d := &depScan{
		t: t, done: map[string]bool{}, dirs: map[string][]string{},
		npmRoots: map[string]*npmRoot{}, catalogs: map[string]map[string]*gradleCatalog{},
		nugetCPM: map[string]map[string]string{}, reqFiles: map[string]*reqFile{},
		uvMembers: map[string]*uvWorkspace{}, cargoWS: map[string]*cargoWorkspace{},
		gemLocks: map[string][]string{}, gemLockDocs: map[string]gemlock.Lock{},
	}
	for _, p := range t.Files {
		dir := path.Dir(p)
		d.dirs[dir] = append(d.dirs[dir], path.Base(p))
	}
	return d
}

// An ecosystem's entry in the table: which files are its manifests and how
// to read one. Adding an ecosystem is one entry here plus its parser file
// (see docs/architecture.md, "Adding an ecosystem").
type ecosystem struct {
	name string
	// match is given the path and its lower-cased base name.
	match func(p, base string) bool
	scan  func(d *depScan, p string) *facts.Manifest
}

// ecosystems is the one table, asked in order: the first match reads the file.
var ecosystems = []ecosystem{
	{"go", named("go.mod"), parsed((*depScan).goMod)},
	{"npm", named("package.json"), parsed((*depScan).packageJSON)},
	{"maven", named("pom.xml"), parsed((*depScan).pom)},
	{"gradle", named("build.gradle", "build.gradle.kts"), parsed((*depScan).gradleBuild)},
	{"gradle settings", named("settings.gradle", "settings.gradle.kts"), (*depScan).gradleSettingsOnly},
	{"gradle convention plugin", isGradleConventionPlugin, parsed((*depScan).gradleBuild)},
	{"pip requirements", func(p, _ string) bool { return isRequirementsFile(p) }, (*depScan).requirements},
	{"pyproject", named("pyproject.toml"), parsed((*depScan).pyproject)},
	{"pipenv", named("pipfile"), parsed((*depScan).pipfile)},
	{"setuptools setup.cfg", named("setup.cfg"), parsed((*depScan).setupCfg)},
	{"setuptools setup.py", named("setup.py"), parsed((*depScan).setupPy)},
	{"nuget", func(_, base string) bool { return isNuGetManifest(base) }, parsed((*depScan).nuget)},
	{"cargo", named("cargo.toml"), parsed((*depScan).cargo)},
	{"bundler", named("gemfile", "gems.rb"), parsed((*depScan).gemfile)},
	{"bundler lock", named("gemfile.lock", "gems.locked"), parsed((*depScan).gemfileLock)},
	{"gemspec", func(_, base string) bool { return strings.HasSuffix(base, ".gemspec") }, parsed((*depScan).gemspec)},
	{"composer", named("composer.json"), parsed((*depScan).composer)},
	{"mix", named("mix.exs"), parsed((*depScan).mix)},
	{"sbt", isSbtFile, parsed((*depScan).sbt)},
}

// named matches files by lower-cased base name.
func named(names ...string) func(p, base string) bool {
	return func(_, base string) bool { return slices.Contains(names, base) }
}

// parsed reads the file's text and hands it to parse; unreadable files
// produce no manifest (see read).
func parsed(parse func(d *depScan, p string, data []byte) *facts.Manifest) func(d *depScan, p string) *facts.Manifest {
	return func(d *depScan, p string) *facts.Manifest {
		return d.read(p, func(p string, data []byte) *facts.Manifest { return parse(d, p, data) })
	}
}

// scan parses p if it is a dependency manifest.
func (d *depScan) scan(p string) {
	if d.done[p] {
		return
	}
	d.done[p] = true
	base := strings.ToLower(path.Base(p))
	for _, e := range ecosystems {
		if e.match(p, base) {
			if m := e.scan(d, p); m != nil {
				d.manifests = append(d.manifests, m)
			}
			return
		}
	}
}

// read hands p's text to parse; unreadable files are warned about by
// ReadText and produce no manifest.
func (d *depScan) read(p string, parse func(p string, data []byte) *facts.Manifest) *facts.Manifest {
	data, ok := d.t.ReadText(p)
	if !ok {
		return nil
	}
	return parse(p, data)
}

func newManifest(p, ecosystem, kind string) *facts.Manifest {
	return &facts.Manifest{Path: p, Ecosystem: ecosystem, Kind: kind, Lockfiles: []string{},
		Dependencies: []facts.Dependency{}, Plugins: []facts.Dependency{}, Workspaces: []string{}}
}

// besides returns dir/name for each name that exists in the tree, in the
// order given.
func (d *depScan) besides(dir string, names ...string) []string {
	var out []string
	for _, n := range names {
		p := path.Join(dir, n)
		if d.t.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// filesIn returns the base names of the files directly in dir.
func (d *depScan) filesIn(dir string) []string { return d.dirs[dir] }

// depAncestors returns the directories above dir, nearest first, ending with ".".
func depAncestors(dir string) []string {
	var out []string
	for dir != "." && dir != "/" && dir != "" {
		dir = path.Dir(dir)
		out = append(out, dir)
	}
	return out
}

// depRelTo returns p relative to dir (dir an ancestor of p, or ".").
func depRelTo(dir, p string) string {
	if dir == "." {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// depWorkspaceMatch reports whether rel (a directory relative to a workspace
// root) is matched by the workspace globs: "packages/*", "apps/**",
// "./libs/x", with "!" patterns excluding.
func depWorkspaceMatch(globs []string, rel string) bool {
	matched := false
	for _, g := range globs {
		neg := strings.HasPrefix(g, "!")
		g = strings.TrimPrefix(g, "!")
		g = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(g), "/"), "./")
		if g == "" {
			continue
		}
		if depGlobSegments(strings.Split(g, "/"), strings.Split(rel, "/")) {
			if neg {
				return false // an exclusion wins wherever it is listed
			}
			matched = true
		}
	}
	return matched
}

// depGlobSegments matches path segments against pattern segments, "**"
// standing for any number of segments. It fills a table of (pattern,
// segment) suffix matches so that many "**" cost no backtracking.
func depGlobSegments(pat, segs []string) bool {
	// ok[i][j]: pat[i:] matches segs[j:].
	ok := make([][]bool, len(pat)+1)
	for i := range ok {
		ok[i] = make([]bool, len(segs)+1)
	}
	ok[len(pat)][len(segs)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		for j := len(segs); j >= 0; j-- {
			switch {
			case pat[i] == "**":
				ok[i][j] = ok[i+1][j] || (j < len(segs) && ok[i][j+1])
			case j < len(segs):
				m, err := path.Match(pat[i], segs[j])
				ok[i][j] = err == nil && m && ok[i+1][j+1]
			}
		}
	}
	return ok[0][0]
}

// warn records a problem with a manifest at a line, clamped to the lines
// the file has (parsers report end-of-file errors one line past the end).
func (d *depScan) warn(p string, data []byte, line int, msg string) {
	d.t.Warn(p, ClampTextLine(data, line), msg)
}

// clampTextLine keeps line within 0..the number of lines of data.
func ClampTextLine(data []byte, line int) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(0, min(line, n))
}

// offsetLines maps byte offsets of a text to 1-based line numbers.
type offsetLines []int

func newOffsetLines(data []byte) offsetLines {
	l := offsetLines{0}
	for i, b := range data {
		if b == '\n' {
			l = append(l, i+1)
		}
	}
	return l
}

// line returns the line holding byte offset off.
func (l offsetLines) line(off int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > off })
}

// count is the number of lines of the text.
func (l offsetLines) count() int { return len(l) }

// depUnquote strips one pair of matching quotes.
func depUnquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
