package ownership

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector reads who owns the repository: .score.yaml, service
// catalog descriptors and CODEOWNERS files.
type Collector struct{}

func (Collector) Name() string { return "ownership" }

func (Collector) Collect(_ context.Context, t *snapshot.Tree, f *facts.Facts) error {
	f.Ownership.ScoreYAML = collectScoreYAML(t)
	f.Ownership.Catalog = collectCatalog(t)
	for _, p := range codeownersPaths(t) {
		data, ok := t.ReadText(p)
		if !ok {
			continue
		}
		co, warns := parseCodeowners(p, data)
		for _, w := range warns {
			t.Warn(w.Path, w.Line, w.Message)
		}
		f.Ownership.CodeOwners = append(f.Ownership.CodeOwners, co)
	}
	return nil
}

// collectScoreYAML reads .score.yaml (or .score.yml) at the root.
func collectScoreYAML(t *snapshot.Tree) *facts.ScoreYAML {
	var found []string
	for _, name := range []string{".score.yaml", ".score.yml"} {
		if t.Has(name) {
			found = append(found, name)
		}
	}
	if len(found) == 0 {
		return nil
	}
	for _, other := range found[1:] {
		t.Warn(other, 0, fmt.Sprintf("ignored: %s is read instead", found[0]))
	}
	data, ok := t.ReadText(found[0])
	if !ok {
		return &facts.ScoreYAML{Path: found[0]}
	}
	sy, warns := parseScoreYAML(found[0], data)
	for _, w := range warns {
		t.Warn(w.Path, w.Line, w.Message)
	}
	return sy
}

// parseScoreYAML parses a .score.yaml document. It reads what it can and
// reports everything else as warnings naming the file and line.
func parseScoreYAML(p string, data []byte) (*facts.ScoreYAML, []facts.Warning) {
	sy := &facts.ScoreYAML{Path: p, Exemptions: []facts.Exemption{}}
	var warns []facts.Warning
	warn := func(line int, format string, args ...any) {
		warns = append(warns, facts.Warning{Path: p, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	docs, err := yamlnode.ParseYAMLDocs(data)
	if err != nil {
		warn(textutil.ClampLine(yamlnode.YamlErrorLine(err), textutil.CountLines(data)), "malformed YAML: %s", yamlnode.YamlErrorText(err))
	}
	if len(docs) == 0 || docs[0].Root == nil {
		return sy, warns
	}
	for _, d := range docs[1:] {
		if d.Root != nil {
			warn(d.Line, "only the first YAML document is read")
			break
		}
	}
	root := docs[0].Root
	if root.Kind != yaml.MappingNode {
		warn(root.Line, "expected a mapping with team and exemptions, found %s", yamlnode.YamlKindName(root))
		return sy, warns
	}
	for _, kv := range yamlnode.YamlPairs(root) {
		switch kv.Key {
		case "team":
			if kv.Value.Kind != yaml.ScalarNode {
				warn(kv.Value.Line, "team: expected a string, found %s", yamlnode.YamlKindName(kv.Value))
				continue
			}
			if kv.Value.Tag == "!!null" || strings.TrimSpace(kv.Value.Value) == "" {
				continue // `team: null` or empty declares no team
			}
			sy.Team = strings.TrimSpace(kv.Value.Value)
			sy.TeamLine = kv.Value.Line
		case "path":
			if kv.Value.Kind != yaml.ScalarNode {
				warn(kv.Value.Line, "path: expected a golden path id, found %s", yamlnode.YamlKindName(kv.Value))
				continue
			}
			if kv.Value.Tag == "!!null" || strings.TrimSpace(kv.Value.Value) == "" {
				continue
			}
			sy.GoldenPath = strings.TrimSpace(kv.Value.Value)
			sy.GoldenPathLine = kv.Value.Line
		case "exemptions":
			if kv.Value.Kind == yaml.ScalarNode && kv.Value.Tag == "!!null" {
				continue
			}
			if kv.Value.Kind != yaml.SequenceNode {
				warn(kv.Value.Line, "exemptions: expected a list, found %s", yamlnode.YamlKindName(kv.Value))
				continue
			}
			for _, item := range yamlnode.YamlItems(kv.Value) {
				if ex, ok := parseExemption(p, item, warn); ok {
					sy.Exemptions = append(sy.Exemptions, ex)
				}
			}
		case "components":
			// a monorepo's components, read by app (docs/architecture.md, "Components")
		default:
			warn(kv.KeyNode.Line, "unknown key %q (known: team, path, exemptions, components)", kv.Key)
		}
	}
	return sy, warns
}

func parseExemption(p string, item *yaml.Node, warn func(int, string, ...any)) (facts.Exemption, bool) {
	if item == nil || item.Kind != yaml.MappingNode {
		line := 0
		if item != nil {
			line = item.Line
		}
		warn(line, "exemption: expected a mapping with check, reason and expires, found %s", yamlnode.YamlKindName(item))
		return facts.Exemption{}, false
	}
	ex := facts.Exemption{Path: p, Line: item.Line}
	refused := false
	for _, kv := range yamlnode.YamlPairs(item) {
		var dst *string
		switch kv.Key {
		case "check":
			dst = &ex.Check
		case "reason":
			dst = &ex.Reason
		case "expires":
			dst = &ex.Expires
		case "paths":
			paths, ok := exemptionPaths(kv.Value)
			if !ok {
				warn(kv.Value.Line, "exemption paths: expected a glob or a list of globs, found %s; the exemption does not apply", yamlnode.YamlKindName(kv.Value))
				refused = true
				continue
			}
			ex.Paths = paths
			continue
		default:
			// A misspelt key (path: for paths:) must not widen the
			// exemption to the whole check: refuse it.
			warn(kv.KeyNode.Line, "exemption: unknown key %q (known: check, reason, expires, paths); the exemption does not apply", kv.Key)
			refused = true
			continue
		}
		if kv.Value.Kind != yaml.ScalarNode {
			warn(kv.Value.Line, "exemption %s: expected a string, found %s", kv.Key, yamlnode.YamlKindName(kv.Value))
			continue
		}
		*dst = strings.TrimSpace(kv.Value.Value)
	}
	if refused {
		return facts.Exemption{}, false
	}
	return ex, true
}

// exemptionPaths reads `paths:`, one glob or a list of them.
func exemptionPaths(n *yaml.Node) ([]string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if v := strings.TrimSpace(n.Value); v != "" {
			return []string{v}, true
		}
	case yaml.SequenceNode:
		var out []string
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode || strings.TrimSpace(item.Value) == "" {
				return nil, false
			}
			out = append(out, strings.TrimSpace(item.Value))
		}
		return out, len(out) > 0
	}
	return nil, false
}

// catalogFormat names the service-catalog format of a file, or "".
func catalogFormat(p string) string {
	if snapshot.IsFixturePath(p) {
		return ""
	}
	base := strings.ToLower(path.Base(p))
	dir := path.Dir(p)
	switch base {
	case "catalog-info.yaml", "catalog-info.yml":
		return "backstage"
	case "opslevel.yml", "opslevel.yaml":
		return "opslevel"
	case "cortex.yaml", "cortex.yml":
		return "cortex"
	case "port.yml", "port.yaml":
		return "port"
	case "service.datadog.yaml", "service.datadog.yml", "service.datadog.json":
		return "datadog"
	}
	if (dir == ".port" || strings.HasSuffix(dir, "/.port")) &&
		(strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".json")) {
		return "port"
	}
	return ""
}

// collectCatalog reads every catalog descriptor, and the files Backstage
// Location entities point at (descriptors need not be named
// catalog-info.yaml), each once, sorted by path and line.
func collectCatalog(t *snapshot.Tree) []facts.CatalogEntry {
	out := []facts.CatalogEntry{}
	read := map[string]bool{}
	var queue []string
	formats := map[string]string{}
	for _, p := range t.Files {
		if format := catalogFormat(p); format != "" {
			queue = append(queue, p)
			formats[p] = format
		}
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if read[p] {
			continue
		}
		read[p] = true
		data, ok := t.ReadText(p)
		if !ok {
			continue
		}
		entries, targets := parseCatalog(t, formats[p], p, data)
		out = append(out, entries...)
		for _, target := range targets {
			for _, m := range matchLocationTarget(t, target) {
				if !read[m] && formats[m] == "" {
					formats[m] = "backstage"
					queue = append(queue, m)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// matchLocationTarget returns the YAML files of the tree, outside fixture
// trees, that a Location target (a path or glob, already joined with the
// Location's folder) names.
func matchLocationTarget(t *snapshot.Tree, target string) []string {
	var out []string
	for _, p := range t.Files {
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" || snapshot.IsFixturePath(p) {
			continue
		}
		if ok, _ := path.Match(target, p); ok {
			out = append(out, p)
		}
	}
	return out
}

// backstageKinds are the Backstage entity kinds that describe a service.
var backstageKinds = map[string]bool{"component": true, "system": true, "api": true, "resource": true}

// parseCatalog reads the entries of one catalog descriptor. Line is the
// owner's line when an owner is declared, else the entity's first line.
// For Backstage it also returns the in-repository files that Location
// entities target, as paths (or globs) from the root.
func parseCatalog(t *snapshot.Tree, format, p string, data []byte) (out []facts.CatalogEntry, targets []string) {
	add := func(root *yaml.Node, kind, name string, owner *yaml.Node) {
		e := facts.CatalogEntry{Format: format, Path: p, Line: root.Line, Kind: kind, Name: name}
		if s := strings.TrimSpace(yamlnode.YamlStr(owner)); s != "" {
			e.Owner, e.Line = s, owner.Line
		}
		out = append(out, e)
	}
	for _, doc := range yamlnode.ReadYAMLDocs(t, p, data) {
		root := doc.Root
		if root == nil {
			continue
		}
		switch format {
		case "backstage":
			kind := yamlnode.YamlStr(yamlnode.YamlGet(root, "kind"))
			switch {
			case backstageKinds[strings.ToLower(kind)]:
				add(root, kind, yamlnode.YamlStr(yamlnode.YamlPath(root, "metadata", "name")), yamlnode.YamlPath(root, "spec", "owner"))
				backstageTypeAndAnnotations(&out[len(out)-1], root)
			case strings.EqualFold(kind, "Location"):
				targets = append(targets, locationTargets(p, yamlnode.YamlGet(root, "spec"))...)
			}
		case "opslevel":
			svc := yamlnode.YamlGet(root, "service")
			if svc == nil {
				svc = root
			}
			if svc.Kind == yaml.MappingNode {
				add(svc, "service", yamlnode.YamlStr(yamlnode.YamlGet(svc, "name")), yamlnode.YamlGet(svc, "owner"))
			}
		case "cortex":
			info := yamlnode.YamlGet(root, "info")
			if info == nil {
				continue
			}
			name := yamlnode.YamlStr(yamlnode.YamlGet(info, "x-cortex-tag"))
			if name == "" {
				name = yamlnode.YamlStr(yamlnode.YamlGet(info, "title"))
			}
			add(info, yamlnode.YamlStr(yamlnode.YamlGet(info, "x-cortex-type")), name, cortexOwner(yamlnode.YamlGet(info, "x-cortex-owners")))
		case "port":
			entities := yamlnode.YamlItems(root)
			if entities == nil {
				entities = []*yaml.Node{root}
			}
			for _, e := range entities {
				if e.Kind != yaml.MappingNode {
					continue
				}
				name := yamlnode.YamlStr(yamlnode.YamlGet(e, "identifier"))
				if name == "" {
					name = yamlnode.YamlStr(yamlnode.YamlGet(e, "title"))
				}
				add(e, yamlnode.YamlStr(yamlnode.YamlGet(e, "blueprint")), name, portOwner(e))
			}
		case "datadog":
			if md := yamlnode.YamlGet(root, "metadata"); md != nil { // schema v3
				add(root, yamlnode.YamlStr(yamlnode.YamlGet(root, "kind")), yamlnode.YamlStr(yamlnode.YamlGet(md, "name")), yamlnode.YamlGet(md, "owner"))
			} else {
				add(root, "service", yamlnode.YamlStr(yamlnode.YamlGet(root, "dd-service")), yamlnode.YamlGet(root, "team"))
			}
		}
	}
	return out, targets
}

// locationTargets returns a Backstage Location's file targets (target and
// targets), joined with the Location's folder. URLs are not followed.
func locationTargets(p string, spec *yaml.Node) []string {
	var out []string
	add := func(n *yaml.Node) {
		s := strings.TrimSpace(yamlnode.YamlStr(n))
		if s == "" || strings.Contains(s, "://") || path.IsAbs(s) {
			return
		}
		out = append(out, path.Join(path.Dir(p), s))
	}
	add(yamlnode.YamlGet(spec, "target"))
	for _, n := range yamlnode.YamlItems(yamlnode.YamlGet(spec, "targets")) {
		add(n)
	}
	return out
}

// cortexOwner returns the first owner of an x-cortex-owners list (a group's
// name, else an email).
func cortexOwner(owners *yaml.Node) *yaml.Node {
	for _, o := range yamlnode.YamlItems(owners) {
		if n := yamlnode.YamlGet(o, "name"); yamlnode.YamlStr(n) != "" {
			return n
		}
		if n := yamlnode.YamlGet(o, "email"); yamlnode.YamlStr(n) != "" {
			return n
		}
	}
	return nil
}

// portOwner finds a Port entity's owning team: team (a string or a list),
// relations.team / relations.owner, or properties.owner.
func portOwner(e *yaml.Node) *yaml.Node {
	for _, n := range []*yaml.Node{
		yamlnode.YamlGet(e, "team"), yamlnode.YamlPath(e, "relations", "team"), yamlnode.YamlPath(e, "relations", "owner"), yamlnode.YamlPath(e, "properties", "owner"),
	} {
		if yamlnode.YamlStr(n) != "" {
			return n
		}
		if items := yamlnode.YamlItems(n); len(items) > 0 && yamlnode.YamlStr(items[0]) != "" {
			return items[0]
		}
	}
	return nil
}

// codeownersDirs are where GitHub and GitLab look for CODEOWNERS.
var codeownersDirs = map[string]bool{".": true, ".github": true, ".gitlab": true, "docs": true}

func codeownersPaths(t *snapshot.Tree) []string {
	var out []string
	for _, p := range t.ByBase("CODEOWNERS") {
		if codeownersDirs[path.Dir(p)] {
			out = append(out, p)
		}
	}
	return out
}

// defaultPatterns are CODEOWNERS patterns that match every file: globs for
// GitHub, GitLab and Bitbucket, regular expressions for Gitea and Forgejo.
var defaultPatterns = map[string]bool{
	"*": true, "**": true, "/*": true, "/**": true, "**/*": true, "/**/*": true,
	".*": true, "^.*": true, ".*$": true, "^.*$": true,
}

// parseCodeowners counts the rules of a CODEOWNERS file and finds the
// owners of the catch-all rule (the last one wins); see codeownersRules.
func parseCodeowners(p string, data []byte) (facts.CodeOwners, []facts.Warning) {
	co := facts.CodeOwners{Path: p, DefaultOwners: []string{}}
	rules, unclosed := codeownersRules(data)
	var warns []facts.Warning
	for _, n := range unclosed {
		warns = append(warns, facts.Warning{Path: p, Line: n, Message: "section header without a closing ]"})
	}
	for _, r := range rules {
		co.Rules++
		if defaultPatterns[r.Pattern] {
			co.DefaultOwners = append([]string{}, r.Owners...)
			co.DefaultLine = r.Line
		}
	}
	return co, warns
}

// stripCodeownersComment drops a # comment; an escaped \# is part of a
// pattern.
func stripCodeownersComment(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '#':
			if i == 0 || isCodeownersSpace(s[i-1]) {
				return s[:i]
			}
		}
	}
	return s
}

// codeownersSection parses a GitLab section header and returns its default
// owners.
func codeownersSection(line string) ([]string, bool) {
	rest := strings.TrimPrefix(line, "^")
	if !strings.HasPrefix(rest, "[") {
		return nil, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return nil, false
	}
	rest = rest[end+1:]
	if strings.HasPrefix(rest, "[") { // required approvals: [Section][2]
		end = strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, false
		}
		rest = rest[end+1:]
	}
	return strings.Fields(rest), true
}

// codeownersFields splits a rule into its pattern and owners; a pattern may
// contain escaped spaces ("docs/my\ file.md").
func codeownersFields(line string) []string {
	var fields []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			cur.WriteByte(c)
			cur.WriteByte(line[i+1])
			i++
		case isCodeownersSpace(c):
			if cur.Len() > 0 {
				fields = append(fields, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 {
		fields = append(fields, cur.String())
	}
	return fields
}

func isCodeownersSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// backstageTypeAndAnnotations adds a Backstage entity's spec.type and its
// string annotations (golden path and deploy-source links live there).
func backstageTypeAndAnnotations(e *facts.CatalogEntry, root *yaml.Node) {
	if t := yamlnode.YamlPath(root, "spec", "type"); strings.TrimSpace(yamlnode.YamlStr(t)) != "" {
		e.Type, e.TypeLine = strings.TrimSpace(yamlnode.YamlStr(t)), t.Line
	}
	for _, kv := range yamlnode.YamlPairs(yamlnode.YamlPath(root, "metadata", "annotations")) {
		v := yamlnode.YamlResolve(kv.Value)
		if v == nil || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			continue
		}
		if e.Annotations == nil {
			e.Annotations, e.AnnotationLines = map[string]string{}, map[string]int{}
		}
		e.Annotations[kv.Key] = strings.TrimSpace(v.Value)
		e.AnnotationLines[kv.Key] = v.Line
	}
}
