package scanners

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ownershipCollector reads who owns the repository: .score.yaml, service
// catalog descriptors and CODEOWNERS files.
type ownershipCollector struct{}

func (ownershipCollector) Name() string { return "ownership" }

func (ownershipCollector) Collect(_ context.Context, t *Tree, f *Facts) error {
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
func collectScoreYAML(t *Tree) *ScoreYAML {
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
		return &ScoreYAML{Path: found[0]}
	}
	sy, warns := parseScoreYAML(found[0], data)
	for _, w := range warns {
		t.Warn(w.Path, w.Line, w.Message)
	}
	return sy
}

// parseScoreYAML parses a .score.yaml document. It reads what it can and
// reports everything else as warnings naming the file and line.
func parseScoreYAML(p string, data []byte) (*ScoreYAML, []Warning) {
	sy := &ScoreYAML{Path: p, Exemptions: []Exemption{}}
	var warns []Warning
	warn := func(line int, format string, args ...any) {
		warns = append(warns, Warning{Path: p, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	docs, err := parseYAMLDocs(data)
	if err != nil {
		warn(clampLine(yamlErrorLine(err), countLines(data)), "malformed YAML: %s", yamlErrorText(err))
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
		warn(root.Line, "expected a mapping with team and exemptions, found %s", yamlKindName(root))
		return sy, warns
	}
	for _, kv := range yamlPairs(root) {
		switch kv.Key {
		case "team":
			if kv.Value.Kind != yaml.ScalarNode {
				warn(kv.Value.Line, "team: expected a string, found %s", yamlKindName(kv.Value))
				continue
			}
			if kv.Value.Tag == "!!null" || strings.TrimSpace(kv.Value.Value) == "" {
				continue // `team: null` or empty declares no team
			}
			sy.Team = strings.TrimSpace(kv.Value.Value)
			sy.TeamLine = kv.Value.Line
		case "exemptions":
			if kv.Value.Kind == yaml.ScalarNode && kv.Value.Tag == "!!null" {
				continue
			}
			if kv.Value.Kind != yaml.SequenceNode {
				warn(kv.Value.Line, "exemptions: expected a list, found %s", yamlKindName(kv.Value))
				continue
			}
			for _, item := range yamlItems(kv.Value) {
				if ex, ok := parseExemption(p, item, warn); ok {
					sy.Exemptions = append(sy.Exemptions, ex)
				}
			}
		default:
			warn(kv.KeyNode.Line, "unknown key %q (known: team, exemptions)", kv.Key)
		}
	}
	return sy, warns
}

func parseExemption(p string, item *yaml.Node, warn func(int, string, ...any)) (Exemption, bool) {
	if item == nil || item.Kind != yaml.MappingNode {
		line := 0
		if item != nil {
			line = item.Line
		}
		warn(line, "exemption: expected a mapping with check, reason and expires, found %s", yamlKindName(item))
		return Exemption{}, false
	}
	ex := Exemption{Path: p, Line: item.Line}
	for _, kv := range yamlPairs(item) {
		var dst *string
		switch kv.Key {
		case "check":
			dst = &ex.Check
		case "reason":
			dst = &ex.Reason
		case "expires":
			dst = &ex.Expires
		default:
			warn(kv.KeyNode.Line, "exemption: unknown key %q (known: check, reason, expires)", kv.Key)
			continue
		}
		if kv.Value.Kind != yaml.ScalarNode {
			warn(kv.Value.Line, "exemption %s: expected a string, found %s", kv.Key, yamlKindName(kv.Value))
			continue
		}
		*dst = strings.TrimSpace(kv.Value.Value)
	}
	return ex, true
}

// catalogFormat names the service-catalog format of a file, or "".
func catalogFormat(p string) string {
	if IsFixturePath(p) {
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
func collectCatalog(t *Tree) []CatalogEntry {
	out := []CatalogEntry{}
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
func matchLocationTarget(t *Tree, target string) []string {
	var out []string
	for _, p := range t.Files {
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" || IsFixturePath(p) {
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
func parseCatalog(t *Tree, format, p string, data []byte) (out []CatalogEntry, targets []string) {
	add := func(root *yaml.Node, kind, name string, owner *yaml.Node) {
		e := CatalogEntry{Format: format, Path: p, Line: root.Line, Kind: kind, Name: name}
		if s := strings.TrimSpace(yamlStr(owner)); s != "" {
			e.Owner, e.Line = s, owner.Line
		}
		out = append(out, e)
	}
	for _, doc := range readYAMLDocs(t, p, data) {
		root := doc.Root
		if root == nil {
			continue
		}
		switch format {
		case "backstage":
			kind := yamlStr(yamlGet(root, "kind"))
			switch {
			case backstageKinds[strings.ToLower(kind)]:
				add(root, kind, yamlStr(yamlPath(root, "metadata", "name")), yamlPath(root, "spec", "owner"))
			case strings.EqualFold(kind, "Location"):
				targets = append(targets, locationTargets(p, yamlGet(root, "spec"))...)
			}
		case "opslevel":
			svc := yamlGet(root, "service")
			if svc == nil {
				svc = root
			}
			if svc.Kind == yaml.MappingNode {
				add(svc, "service", yamlStr(yamlGet(svc, "name")), yamlGet(svc, "owner"))
			}
		case "cortex":
			info := yamlGet(root, "info")
			if info == nil {
				continue
			}
			name := yamlStr(yamlGet(info, "x-cortex-tag"))
			if name == "" {
				name = yamlStr(yamlGet(info, "title"))
			}
			add(info, yamlStr(yamlGet(info, "x-cortex-type")), name, cortexOwner(yamlGet(info, "x-cortex-owners")))
		case "port":
			entities := yamlItems(root)
			if entities == nil {
				entities = []*yaml.Node{root}
			}
			for _, e := range entities {
				if e.Kind != yaml.MappingNode {
					continue
				}
				name := yamlStr(yamlGet(e, "identifier"))
				if name == "" {
					name = yamlStr(yamlGet(e, "title"))
				}
				add(e, yamlStr(yamlGet(e, "blueprint")), name, portOwner(e))
			}
		case "datadog":
			if md := yamlGet(root, "metadata"); md != nil { // schema v3
				add(root, yamlStr(yamlGet(root, "kind")), yamlStr(yamlGet(md, "name")), yamlGet(md, "owner"))
			} else {
				add(root, "service", yamlStr(yamlGet(root, "dd-service")), yamlGet(root, "team"))
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
		s := strings.TrimSpace(yamlStr(n))
		if s == "" || strings.Contains(s, "://") || path.IsAbs(s) {
			return
		}
		out = append(out, path.Join(path.Dir(p), s))
	}
	add(yamlGet(spec, "target"))
	for _, n := range yamlItems(yamlGet(spec, "targets")) {
		add(n)
	}
	return out
}

// cortexOwner returns the first owner of an x-cortex-owners list (a group's
// name, else an email).
func cortexOwner(owners *yaml.Node) *yaml.Node {
	for _, o := range yamlItems(owners) {
		if n := yamlGet(o, "name"); yamlStr(n) != "" {
			return n
		}
		if n := yamlGet(o, "email"); yamlStr(n) != "" {
			return n
		}
	}
	return nil
}

// portOwner finds a Port entity's owning team: team (a string or a list),
// relations.team / relations.owner, or properties.owner.
func portOwner(e *yaml.Node) *yaml.Node {
	for _, n := range []*yaml.Node{
		yamlGet(e, "team"), yamlPath(e, "relations", "team"), yamlPath(e, "relations", "owner"), yamlPath(e, "properties", "owner"),
	} {
		if yamlStr(n) != "" {
			return n
		}
		if items := yamlItems(n); len(items) > 0 && yamlStr(items[0]) != "" {
			return items[0]
		}
	}
	return nil
}

// codeownersDirs are where GitHub and GitLab look for CODEOWNERS.
var codeownersDirs = map[string]bool{".": true, ".github": true, ".gitlab": true, "docs": true}

func codeownersPaths(t *Tree) []string {
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

// parseCodeowners counts the rules of a CODEOWNERS file (GitHub, GitLab,
// Bitbucket, Gitea or Forgejo syntax) and finds the owners of the catch-all rule. GitLab
// sections ([Name], ^[Optional], [Name][2] @default-owners) are understood:
// a rule without owners inherits its section's default owners.
func parseCodeowners(p string, data []byte) (CodeOwners, []Warning) {
	co := CodeOwners{Path: p, DefaultOwners: []string{}}
	var warns []Warning
	var sectionOwners []string
	txtLines(data, func(n int, raw []byte) bool {
		line := strings.TrimSpace(stripCodeownersComment(string(raw)))
		if line == "" {
			return true
		}
		if owners, ok := codeownersSection(line); ok {
			sectionOwners = owners
			return true
		}
		if line[0] == '[' || strings.HasPrefix(line, "^[") {
			warns = append(warns, Warning{Path: p, Line: n, Message: "section header without a closing ]"})
			return true
		}
		fields := codeownersFields(line)
		co.Rules++
		owners := fields[1:]
		if len(owners) == 0 {
			owners = sectionOwners
		}
		if defaultPatterns[fields[0]] {
			co.DefaultOwners = append([]string{}, owners...)
			co.DefaultLine = n
		}
		return true
	})
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
