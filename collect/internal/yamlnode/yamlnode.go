package yamlnode

// One set of yaml.Node helpers for every collector that reads YAML (CI,
// compose, Taskfile, ownership, security, Kubernetes, Helm), so that a fix
// to how aliases, merge keys or error lines are handled applies to all of
// them at once.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Bounds on walking YAML graphs. Aliases make a small file describe a huge
// tree (the "billion laughs" shape), and merge keys can merge mappings that
// merge others, or themselves, so every walk that follows them is bounded
// in depth and in what it visits.
const (
	// maxAliasHops bounds the aliases and document nodes one resolution
	// follows.
	maxAliasHops = 32
	// maxMergeDepth bounds how deeply merge keys (<<: *a) nest.
	maxMergeDepth = 8
	// maxMergeVisits bounds the mappings one lookup reads through merge
	// keys.
	maxMergeVisits = 64
)

// yamlDoc is one document of a YAML stream: its root node (a mapping,
// sequence or scalar; nil for an empty document) and the line it starts on.
type yamlDoc struct {
	Root *yaml.Node
	Line int
}

// parseYAMLDocs decodes every document of a YAML stream. On a syntax error
// it returns the documents read before the error with the error. A panic in
// the decoder on hostile input becomes an error. Node lines are clamped to
// the file (see clampYAMLLines).
func ParseYAMLDocs(data []byte) (docs []yamlDoc, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: decoder panic: %v", r)
		}
	}()
	lines := max(textutil.CountLines(data), 1)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		clampYAMLLines(&n, lines)
		d := yamlDoc{Root: YamlResolve(&n), Line: n.Line}
		if r := d.Root; r != nil {
			d.Line = r.Line
			if r.Kind == yaml.ScalarNode && r.Tag == "!!null" && r.Value == "" {
				d.Root = nil // an empty document ("---" alone)
			}
		}
		docs = append(docs, d)
	}
}

// readYAMLDocs is parseYAMLDocs for collectors that read what they can: a
// syntax error becomes a warning naming the file and line, and the
// documents before it are returned.
func ReadYAMLDocs(t *snapshot.Tree, p string, data []byte) []yamlDoc {
	docs, err := ParseYAMLDocs(data)
	if err != nil {
		t.Warn(p, textutil.ClampLine(YamlErrorLine(err), textutil.CountLines(data)), "malformed YAML: "+YamlErrorText(err))
	}
	return docs
}

// clampYAMLLines keeps every node's line within the file's lines. YAML also
// breaks lines at a lone \r, NEL and U+2028/U+2029, which editors and the
// other collectors do not count, and puts an empty last document on the
// line after the file.
func clampYAMLLines(n *yaml.Node, lines int) {
	if n.Line > lines {
		n.Line = lines
	}
	for _, c := range n.Content {
		clampYAMLLines(c, lines)
	}
}

var yamlErrorLineRe = lazyre.New(`line (\d+)`)

// yamlErrorLine is the line a YAML error names ("yaml: line 12: ..."); 0
// when it names none. Callers clamp it to the file with clampLine.
func YamlErrorLine(err error) int {
	m := yamlErrorLineRe.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// yamlErrorText is a YAML error's message without its "yaml: line N:"
// prefix, which a warning carries as its own line.
func YamlErrorText(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlErrorLineRe.FindStringIndex(msg); m != nil && m[0] == 0 {
		msg = strings.TrimPrefix(msg[m[1]:], ":")
	}
	return strings.TrimSpace(msg)
}

// yamlResolve follows aliases and unwraps document nodes; nil for nil, and
// for a chain longer than maxAliasHops.
func YamlResolve(n *yaml.Node) *yaml.Node {
	for range maxAliasHops {
		if n == nil {
			return nil
		}
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return nil
}

// yamlPair is one key of a mapping: the key as a string ("" when it is not
// a scalar), its node (for its line) and its value, resolved.
type yamlPair struct {
	Key     string
	KeyNode *yaml.Node
	Value   *yaml.Node
}

// yamlPairs lists a mapping's keys in order, then those it takes through
// merge keys (<<: *anchor): an explicit key wins over a merged one, as YAML
// specifies. Anything but a mapping has no pairs.
func YamlPairs(n *yaml.Node) []yamlPair {
	var out []yamlPair
	var seen map[string]bool
	var w yamlMergeWalk
	w.walk(YamlResolve(n), 0, func(p yamlPair, depth int) bool {
		if depth == 0 {
			out = append(out, p)
			return true
		}
		if seen == nil { // the mapping's own keys all come first
			seen = make(map[string]bool, len(out))
			for _, o := range out {
				seen[o.Key] = true
			}
		}
		if !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
		return true
	})
	return out
}

// yamlMergeWalk reads a mapping's keys and, depth first, those of the
// mappings it merges. It reads each mapping once, and at most
// maxMergeVisits of them down to maxMergeDepth, so merges of merges (or of
// themselves) stay bounded.
type yamlMergeWalk struct {
	visits int
	merged map[*yaml.Node]bool
}

// walk calls fn for each key of the (resolved) mapping n at depth, then
// walks the mappings n merges. It returns false as soon as fn does.
func (w *yamlMergeWalk) walk(n *yaml.Node, depth int, fn func(p yamlPair, depth int) bool) bool {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMergeDepth || w.visits >= maxMergeVisits {
		return true
	}
	w.visits++
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Tag == "!!merge" {
			merges = true
			continue
		}
		if !fn(yamlPair{Key: yamlKey(k), KeyNode: k, Value: YamlResolve(n.Content[i+1])}, depth) {
			return false
		}
	}
	if !merges {
		return true
	}
	if w.merged == nil {
		w.merged = map[*yaml.Node]bool{n: true}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Tag != "!!merge" {
			continue
		}
		// <<: *a merges one mapping, <<: [*a, *b] several.
		srcs := n.Content[i+1 : i+2]
		if v := YamlResolve(srcs[0]); v != nil && v.Kind == yaml.SequenceNode {
			srcs = v.Content
		}
		for _, src := range srcs {
			if src = YamlResolve(src); src == nil || w.merged[src] {
				continue
			}
			w.merged[src] = true
			if !w.walk(src, depth+1, fn) {
				return false
			}
		}
	}
	return true
}

// yamlKey is a mapping key as a string; "" when it is not a scalar.
func yamlKey(k *yaml.Node) string {
	if k = YamlResolve(k); k != nil && k.Kind == yaml.ScalarNode {
		return k.Value
	}
	return ""
}

// yamlGetPair returns a mapping's key node and (resolved) value for key,
// merge keys included; nil, nil when absent.
func YamlGetPair(n *yaml.Node, key string) (k, v *yaml.Node) {
	var w yamlMergeWalk
	w.walk(YamlResolve(n), 0, func(p yamlPair, _ int) bool {
		if p.Key != key {
			return true
		}
		k, v = p.KeyNode, p.Value
		return false
	})
	return k, v
}

// yamlGet returns a mapping's (resolved) value for key, merge keys
// included; nil when absent.
func YamlGet(n *yaml.Node, key string) *yaml.Node {
	_, v := YamlGetPair(n, key)
	return v
}

// yamlPath follows keys through nested mappings; nil when one is absent.
func YamlPath(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = YamlGet(n, k); n == nil {
			return nil
		}
	}
	return n
}

// yamlStr is a scalar's value; "" for a null and for anything but a
// scalar.
func YamlStr(n *yaml.Node) string {
	if n = YamlResolve(n); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return n.Value
	}
	return ""
}

// yamlItems is a sequence's (resolved) items; nil for anything else.
func YamlItems(n *yaml.Node) []*yaml.Node {
	if n = YamlResolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return YamlOneOrMany(n)
}

// yamlPresent reports whether a value is there and not null.
func YamlPresent(n *yaml.Node) bool {
	n = YamlResolve(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return !(n.Tag == "!!null" || (n.Style == 0 && (n.Value == "" || n.Value == "~" || n.Value == "null")))
	}
	return true
}

// yamlBool reads a boolean scalar; nil when absent or not a boolean (a
// templated value, say).
func YamlBool(n *yaml.Node) *bool {
	switch strings.ToLower(YamlStr(n)) {
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	}
	return nil
}

// yamlInt reads an integer scalar; nil when absent or not an integer.
func YamlInt(n *yaml.Node) *int64 {
	v, err := strconv.ParseInt(YamlStr(n), 10, 64)
	if err != nil {
		return nil
	}
	return &v
}

// yamlOneOrMany reads a value that may be a list or a single entry: a
// sequence's (resolved) items, or a lone scalar or mapping as a list of
// one.
func YamlOneOrMany(n *yaml.Node) []*yaml.Node {
	n = YamlResolve(n)
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(n.Content))
		for _, item := range n.Content {
			if r := YamlResolve(item); r != nil {
				out = append(out, r)
			}
		}
		return out
	default:
		return []*yaml.Node{n}
	}
}

// yamlStrings is yamlOneOrMany's non-empty scalars as strings.
func YamlStrings(n *yaml.Node) []string {
	var out []string
	for _, item := range YamlOneOrMany(n) {
		if s := YamlStr(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// yamlIsMap reports whether n (resolved) is a mapping.
func YamlIsMap(n *yaml.Node) bool {
	n = YamlResolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// yamlKindName names a node's kind for warnings.
func YamlKindName(n *yaml.Node) string {
	if n = YamlResolve(n); n != nil {
		switch n.Kind {
		case yaml.MappingNode:
			return "a mapping"
		case yaml.SequenceNode:
			return "a list"
		case yaml.ScalarNode:
			return "a scalar"
		}
	}
	return "empty"
}

// yamlStringMap turns a mapping of inputs (Actions `with:`, Azure
// `inputs:`) into strings; nested values are rendered as compact YAML.
func YamlStringMap(n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, p := range YamlPairs(n) {
		out[p.Key] = ""
		if p.Value == nil {
			continue
		}
		if p.Value.Kind == yaml.ScalarNode {
			out[p.Key] = p.Value.Value
			continue
		}
		if b, err := yaml.Marshal(p.Value); err == nil {
			out[p.Key] = strings.TrimSpace(string(b))
		}
	}
	return out
}
