package ci

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// GitLab CI: the root .gitlab-ci.yml; includes are found by following it.
var _ = register(provider{name: "gitlab", order: 10,
	match: func(p ciPath) bool { return p.path == ".gitlab-ci.yml" || p.path == ".gitlab-ci.yaml" },
	read: func(c *ciContext, name string, paths []string) {
		root := paths[0]
		if c.t.Has(".gitlab-ci.yml") {
			root = ".gitlab-ci.yml" // GitLab's default when both spellings exist
		}
		c.addConfig(name, root)
		c.gitlab(root)
	},
})

// GitLab keeps a job's configuration spread out: include:d files, extends:
// chains, default:, !reference tags. The reader loads the root file and
// every local file it includes, indexes every top-level key, then builds
// each job by looking its fields up through those layers.

const (
	// maxGitLabFiles bounds the local includes followed from one root:
	// GitLab's own limit (ci_bounds.go).
	maxGitLabFiles = maxGitLabIncludes
	// maxExtendsDepth is GitLab's own limit on extends: chains.
	maxExtendsDepth = 11
)

// gitlabReserved are top-level keys that are not jobs.
var gitlabReserved = map[string]bool{
	"stages": true, "variables": true, "default": true, "include": true, "workflow": true,
	"image": true, "services": true, "before_script": true, "after_script": true,
	"cache": true, "types": true, "spec": true,
}

// gitlabDef is one definition of a top-level key in one file.
type gitlabDef struct {
	file  *yamlnode.YamlFile
	key   *yaml.Node
	value *yaml.Node
}

type gitlabReader struct {
	c *ciContext
	// files in discovery order (the root first); merged in merge order
	// (included files before the file that includes them), which is the
	// order in which later definitions override earlier ones.
	files  []*yamlnode.YamlFile
	merged []*yamlnode.YamlFile
	loaded map[string]bool
	// top holds every definition of each top-level key, in merge order.
	top map[string][]gitlabDef
}

// gitlab reads .gitlab-ci.yml and what it includes.
func (c *ciContext) gitlab(root string) {
	g := &gitlabReader{c: c, loaded: map[string]bool{}, top: map[string][]gitlabDef{}}
	g.load(root, "", 0)
	for _, y := range g.merged {
		for _, doc := range y.Docs {
			for _, p := range yamlnode.YamlPairs(doc) {
				g.top[p.Key] = append(g.top[p.Key], gitlabDef{file: y, key: p.KeyNode, value: p.Value})
			}
		}
	}
	emitted := map[string]bool{}
	for _, y := range g.files {
		for _, doc := range y.Docs {
			for _, p := range yamlnode.YamlPairs(doc) {
				if emitted[p.Key] || !isGitLabJob(p.Key, p.Value) {
					continue
				}
				emitted[p.Key] = true
				c.emit(g.job(p.Key))
			}
		}
	}
}

func isGitLabJob(key string, value *yaml.Node) bool {
	return key != "" && !gitlabReserved[key] && yamlnode.YamlIsMap(value)
}

// load reads one CI file and, depth first, the local files it includes.
// from/fromLine name the include that asked for it, for warnings.
func (g *gitlabReader) load(p, from string, fromLine int) {
	if g.loaded[p] {
		return
	}
	if len(g.loaded) >= maxGitLabFiles {
		g.c.cut("includes", from, fromLine, fmt.Sprintf("more than %d local includes (GitLab's limit): %s and the includes after it are not read", maxGitLabFiles, p))
		return
	}
	if !g.c.t.Has(p) {
		g.c.t.Warn(from, fromLine, fmt.Sprintf("local include %s not found", p))
		return
	}
	g.loaded[p] = true
	y, ok := g.c.loadYAMLOnce(p) // parsed once per collection, however many roots include it
	if !ok {
		return
	}
	g.c.addConfig("gitlab", p)
	g.files = append(g.files, y)
	for _, doc := range y.Docs {
		g.includes(y, yamlnode.YamlGet(doc, "include"))
		// Child pipelines (trigger: include:) are pipelines of this
		// repository too.
		for _, pair := range yamlnode.YamlPairs(doc) {
			if isGitLabJob(pair.Key, pair.Value) {
				g.includes(y, yamlnode.YamlPath(pair.Value, "trigger", "include"))
			}
		}
	}
	g.merged = append(g.merged, y)
}

// includes records every entry of an include: value and follows the local
// ones.
func (g *gitlabReader) includes(y *yamlnode.YamlFile, n *yaml.Node) {
	if n == nil {
		return
	}
	for _, item := range yamlnode.YamlOneOrMany(n) {
		for _, inc := range parseGitLabInclude(y, item) {
			g.c.f.CI.GitLabIncludes = append(g.c.f.CI.GitLabIncludes, inc)
			if inc.Kind == "local" {
				g.followLocal(y.Path, inc)
			}
		}
	}
}

// parseGitLabInclude reads one include entry: a string (local path or
// URL) or a map with local, remote, template, component or project (with
// one or more files).
func parseGitLabInclude(y *yamlnode.YamlFile, item *yaml.Node) []facts.GitLabInclude {
	base := facts.GitLabInclude{Path: y.Path, Line: y.Clamp(item.Line)}
	if item.Kind == yaml.ScalarNode {
		base.Location = item.Value
		base.Kind = "local"
		if strings.HasPrefix(item.Value, "https://") || strings.HasPrefix(item.Value, "http://") {
			base.Kind = "remote"
		}
		return []facts.GitLabInclude{base}
	}
	if item.Kind != yaml.MappingNode {
		return nil
	}
	for _, kind := range []string{"local", "remote", "template", "component"} {
		if v := yamlnode.YamlGet(item, kind); v != nil {
			base.Kind, base.Location = kind, yamlnode.YamlStr(v)
			if kind == "component" {
				if at := strings.LastIndex(base.Location, "@"); at >= 0 {
					base.Location, base.Version = base.Location[:at], base.Location[at+1:]
				}
			}
			return []facts.GitLabInclude{base}
		}
	}
	project := yamlnode.YamlGet(item, "project")
	if project == nil {
		return nil
	}
	base.Kind, base.Project, base.Ref = "project", yamlnode.YamlStr(project), yamlnode.YamlStr(yamlnode.YamlGet(item, "ref"))
	files := yamlnode.YamlOneOrMany(yamlnode.YamlGet(item, "file"))
	if len(files) == 0 {
		return []facts.GitLabInclude{base}
	}
	var out []facts.GitLabInclude
	for _, f := range files {
		inc := base
		inc.Location = yamlnode.YamlStr(f)
		if len(files) > 1 {
			inc.Line = y.Clamp(f.Line)
		}
		out = append(out, inc)
	}
	return out
}

// followLocal loads a local include; a path with wildcards loads every
// file it matches, a path built from variables cannot be followed.
func (g *gitlabReader) followLocal(from string, inc facts.GitLabInclude) {
	p := strings.TrimPrefix(strings.TrimSpace(inc.Location), "/")
	if p == "" || strings.Contains(p, "$") {
		return
	}
	if !strings.Contains(p, "*") {
		g.load(path.Clean(p), from, inc.Line)
		return
	}
	// An include named explicitly is followed wherever it lives; a
	// wildcard does not sweep in fixture trees.
	matched := false
	for _, f := range g.c.t.Files {
		if globMatch(p, f) && !snapshot.IsFixturePath(f) {
			matched = true
			g.load(f, from, inc.Line)
		}
	}
	if !matched {
		g.c.t.Warn(from, inc.Line, fmt.Sprintf("local include %s matches no file", inc.Location))
	}
}

// globMatch matches GitLab include wildcards: * within one folder, ** across
// folders. It runs in time proportional to len(pattern)*len(name).
func globMatch(pattern, name string) bool {
	// prev[j] reports whether pattern[:i] matches name[:j].
	prev := make([]bool, len(name)+1)
	prev[0] = true
	for i := 0; i < len(pattern); i++ {
		cur := make([]bool, len(name)+1)
		switch {
		case pattern[i] == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			// ** consumes itself here and acts on the next round as a
			// star that crosses slashes.
			copy(cur, prev)
			for j := 1; j <= len(name); j++ {
				cur[j] = cur[j] || cur[j-1]
			}
			i++
		case pattern[i] == '*':
			copy(cur, prev)
			for j := 1; j <= len(name); j++ {
				cur[j] = cur[j] || (cur[j-1] && name[j-1] != '/')
			}
		default:
			for j := 1; j <= len(name); j++ {
				cur[j] = prev[j-1] && name[j-1] == pattern[i]
			}
		}
		prev = cur
	}
	return prev[len(name)]
}

// defs returns a job's own definitions (one per file that defines it).
func (g *gitlabReader) defs(name string) []gitlabDef {
	var out []gitlabDef
	for _, d := range g.top[name] {
		if yamlnode.YamlIsMap(d.value) {
			out = append(out, d)
		}
	}
	return out
}

// extends lists a job's extends: parents, as written by the last file
// that sets them.
func (g *gitlabReader) extends(name string) []string {
	defs := g.defs(name)
	for i := len(defs) - 1; i >= 0; i-- {
		if v := yamlnode.YamlGet(defs[i].value, "extends"); v != nil {
			return yamlnode.YamlStrings(v)
		}
	}
	return nil
}

// field finds key for a job: in its own definitions (the last file wins),
// then in its extends: parents (a later parent wins), recursively.
func (g *gitlabReader) field(name, key string) (*yaml.Node, *yamlnode.YamlFile) {
	return g.fieldIn(name, key, 0, map[string]bool{})
}

// fieldIn searches each job at most once: a job already searched did not
// have the key, so extends cycles and diamonds stay cheap.
func (g *gitlabReader) fieldIn(name, key string, depth int, seen map[string]bool) (*yaml.Node, *yamlnode.YamlFile) {
	if depth > maxExtendsDepth || seen[name] {
		return nil, nil
	}
	seen[name] = true
	defs := g.defs(name)
	for i := len(defs) - 1; i >= 0; i-- {
		if k, v := yamlnode.YamlGetPair(defs[i].value, key); k != nil {
			return v, defs[i].file
		}
	}
	parents := g.extends(name)
	for i := len(parents) - 1; i >= 0; i-- {
		if v, f := g.fieldIn(parents[i], key, depth+1, seen); f != nil {
			return v, f
		}
	}
	return nil, nil
}

// reports unions artifacts:reports over the job and its parents: GitLab
// deep-merges hashes through extends.
func (g *gitlabReader) reports(name string, depth int, seen map[string]bool) []string {
	if depth > maxExtendsDepth || seen[name] {
		return nil
	}
	seen[name] = true
	var out []string
	for _, parent := range g.extends(name) {
		out = append(out, g.reports(parent, depth+1, seen)...)
	}
	for _, d := range g.defs(name) {
		for _, p := range yamlnode.YamlPairs(yamlnode.YamlPath(d.value, "artifacts", "reports")) {
			out = append(out, p.Key)
		}
	}
	return out
}

// defaultField is a default: key (or its deprecated top-level form), from
// the file that wins.
func (g *gitlabReader) defaultField(key string) (*yaml.Node, *yamlnode.YamlFile) {
	defs := g.top["default"]
	for i := len(defs) - 1; i >= 0; i-- {
		if k, v := yamlnode.YamlGetPair(defs[i].value, key); k != nil {
			return v, defs[i].file
		}
	}
	if defs := g.top[key]; len(defs) > 0 {
		d := defs[len(defs)-1]
		return d.value, d.file
	}
	return nil, nil
}

// inheritsDefault reports whether a job takes key from default:
// (`inherit: default: false` or a list of keys turns that off).
func (g *gitlabReader) inheritsDefault(name, key string) bool {
	v, _ := g.field(name, "inherit")
	d := yamlnode.YamlGet(v, "default")
	if d == nil {
		return true
	}
	if d.Kind == yaml.ScalarNode {
		return d.Value != "false"
	}
	for _, k := range yamlnode.YamlStrings(d) {
		if k == key {
			return true
		}
	}
	return false
}

// job builds one job from its layers.
func (g *gitlabReader) job(name string) *jobBuilder {
	defs := g.defs(name)
	last := defs[len(defs)-1]
	jb := newJob("gitlab", last.file.Path, name, last.file.Clamp(last.key.Line))
	jb.job.Template = strings.HasPrefix(name, ".")
	jb.job.Extends = append(jb.job.Extends, g.extends(name)...)
	parallel, _ := g.field(name, "parallel")
	jobVars, _ := g.field(name, "variables")
	var pipelineVars []*yaml.Node
	for _, d := range g.top["variables"] {
		pipelineVars = append(pipelineVars, d.value)
	}
	matrix := gitlabMatrix(parallel, append(pipelineVars, jobVars)...)
	for _, key := range []string{"before_script", "script", "after_script"} {
		v, f := g.field(name, key)
		if f == nil && key != "script" && g.inheritsDefault(name, key) {
			v, f = g.defaultField(key)
		}
		if f != nil {
			jb.run(matrix.expandRefs(f.Commands(v, g.reference), "$", gitlabVarRefRe, false), ".")
		}
	}
	image, f := g.field(name, "image")
	if f == nil && g.inheritsDefault(name, "image") {
		image, _ = g.defaultField("image")
	}
	jb.job.Image = imageName(image)
	if v, _ := g.field(name, "stage"); v != nil {
		jb.job.Stage = yamlnode.YamlStr(v)
	}
	jb.job.Environment = g.environment(name)
	if v, _ := g.field(name, "coverage"); v != nil {
		jb.job.Coverage = yamlnode.YamlStr(v)
	}
	jb.job.Reports = append(jb.job.Reports, uniqueStrings(g.reports(name, 0, map[string]bool{}))...)
	return jb
}

// reference resolves `!reference [.job, key, ...]` to the commands it
// names, in the file that defines them, within the same walk (and so the
// same bounds) as the script that uses it.
func (g *gitlabReader) reference(w *yamlnode.CmdWalk, n *yaml.Node, depth int) {
	keys := yamlnode.YamlStrings(n)
	if len(keys) < 2 || depth > yamlnode.MaxScriptDepth {
		return
	}
	defs := g.top[keys[0]]
	if len(defs) == 0 {
		return
	}
	d := defs[len(defs)-1]
	if v := yamlnode.YamlPath(d.value, keys[1:]...); v != nil {
		d.file.WalkCommands(w, v, depth)
	}
}

// imageName reads an image: value, a string or a map with name:.
func imageName(n *yaml.Node) string {
	if s := yamlnode.YamlStr(n); s != "" {
		return s
	}
	return yamlnode.YamlStr(yamlnode.YamlGet(n, "name"))
}

func uniqueStrings(in []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
