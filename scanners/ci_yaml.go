package scanners

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Bounds on walking YAML graphs. Aliases make a small file describe a huge
// tree (the "billion laughs" shape), so every walk that follows them is
// bounded in depth and in what it emits.
const (
	maxAliasHops   = 32
	maxMergeDepth  = 8
	maxScriptDepth = 10
	// maxJobCommands caps the commands (or reached commands) of one job.
	maxJobCommands = 2000
)

// yamlFile is one parsed YAML file with what line lookups need.
type yamlFile struct {
	path  string
	lines []string
	// docs are the documents' root nodes (mappings, sequences or scalars).
	docs []*yaml.Node
}

// loadYAML reads and parses p; a file that cannot be read or parsed becomes
// a warning naming the line, and ok is false.
func loadYAML(t *Tree, p string) (*yamlFile, bool) {
	data, ok := t.ReadText(p)
	if !ok {
		return nil, false
	}
	return parseYAMLFile(t, p, data)
}

func parseYAMLFile(t *Tree, p string, data []byte) (*yamlFile, bool) {
	y := &yamlFile{path: p, lines: textLines(data)}
	docs, err := parseYAMLDocs(data)
	if err != nil {
		t.Warn(p, clampLine(yamlErrorLine(err), len(y.lines)), "YAML not parsed: "+yamlErrorText(err))
		return nil, false
	}
	y.docs = docs
	return y, true
}

// parseYAMLDocs decodes every document of a YAML stream into nodes. A panic
// in the decoder on hostile input becomes an error.
func parseYAMLDocs(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("yaml: decoder panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if root := ymResolve(&n); root != nil {
			docs = append(docs, root)
		}
	}
}

// yamlErrorLine finds the line in a YAML error message ("yaml: line 12:
// ..."); 0 when it names none.
func yamlErrorLine(err error) int {
	msg := err.Error()
	i := strings.Index(msg, "line ")
	if i < 0 {
		return 0
	}
	rest := msg[i+len("line "):]
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}

// yamlErrorText is the message without the "yaml: line N:" prefix, which
// the warning carries as its line.
func yamlErrorText(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if _, after, found := strings.Cut(rest, ": "); found {
			return after
		}
	}
	return msg
}

// firstMapping is the first document that is a mapping, or nil.
func (y *yamlFile) firstMapping() *yaml.Node {
	for _, d := range y.docs {
		if d.Kind == yaml.MappingNode {
			return d
		}
	}
	return nil
}

// clamp keeps a node's line inside the file.
func (y *yamlFile) clamp(line int) int { return clampLine(line, len(y.lines)) }

// ymResolve follows aliases and unwraps documents.
func ymResolve(n *yaml.Node) *yaml.Node {
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

// ymPair is one key of a mapping with its value.
type ymPair struct {
	Key   string
	KeyN  *yaml.Node
	Value *yaml.Node
}

// ymPairs lists a mapping's keys in order with merge keys (<<: *anchor)
// expanded: explicit keys win over merged ones, as YAML specifies. Each
// merged mapping is read once, so chains of merges stay linear.
func ymPairs(n *yaml.Node) []ymPair {
	return ymPairsDepth(ymResolve(n), 0, nil)
}

func ymPairsDepth(n *yaml.Node, depth int, merged map[*yaml.Node]bool) []ymPair {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMergeDepth {
		return nil
	}
	var own, inherited []ymPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag != "!!merge" {
			own = append(own, ymPair{Key: ymKeyString(k), KeyN: k, Value: v})
			continue
		}
		if merged == nil {
			merged = map[*yaml.Node]bool{n: true}
		}
		for _, src := range ymMergeSources(v) {
			if src != nil && !merged[src] {
				merged[src] = true
				inherited = append(inherited, ymPairsDepth(src, depth+1, merged)...)
			}
		}
	}
	if len(inherited) == 0 {
		return own
	}
	seen := map[string]bool{}
	for _, p := range own {
		seen[p.Key] = true
	}
	for _, p := range inherited {
		if !seen[p.Key] {
			seen[p.Key] = true
			own = append(own, p)
		}
	}
	return own
}

func ymMergeSources(v *yaml.Node) []*yaml.Node {
	v = ymResolve(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		var out []*yaml.Node
		for _, item := range v.Content {
			out = append(out, ymResolve(item))
		}
		return out
	}
	return []*yaml.Node{v}
}

func ymKeyString(k *yaml.Node) string {
	if k = ymResolve(k); k != nil && k.Kind == yaml.ScalarNode {
		return k.Value
	}
	return ""
}

// ymGetPair returns a mapping's key node and (resolved) value for key.
func ymGetPair(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for _, p := range ymPairs(n) {
		if p.Key == key {
			return p.KeyN, ymResolve(p.Value)
		}
	}
	return nil, nil
}

// ymGet returns a mapping's (resolved) value for key, nil when absent.
func ymGet(n *yaml.Node, key string) *yaml.Node {
	_, v := ymGetPair(n, key)
	return v
}

// ymPath walks nested mappings.
func ymPath(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = ymGet(n, k)
	}
	return n
}

// ymStr is a scalar's value; "" for anything else.
func ymStr(n *yaml.Node) string {
	if n = ymResolve(n); n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return n.Value
	}
	return ""
}

// ymItems lists a sequence's (resolved) items; a lone scalar or mapping is
// a list of one.
func ymItems(n *yaml.Node) []*yaml.Node {
	n = ymResolve(n)
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(n.Content))
		for _, item := range n.Content {
			if r := ymResolve(item); r != nil {
				out = append(out, r)
			}
		}
		return out
	default:
		return []*yaml.Node{n}
	}
}

// ymStrings is ymItems as strings, scalars only.
func ymStrings(n *yaml.Node) []string {
	var out []string
	for _, item := range ymItems(n) {
		if s := ymStr(item); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ymIsMap reports whether n (resolved) is a mapping.
func ymIsMap(n *yaml.Node) bool {
	n = ymResolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// ymStringMap turns a mapping of inputs (Actions `with:`, Azure `inputs:`)
// into strings; nested values are rendered as compact YAML.
func ymStringMap(n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, p := range ymPairs(n) {
		out[p.Key] = ymRender(p.Value)
	}
	return out
}

func ymRender(n *yaml.Node) string {
	r := ymResolve(n)
	if r == nil {
		return ""
	}
	if r.Kind == yaml.ScalarNode {
		return r.Value
	}
	out, err := yaml.Marshal(r)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// maxCommandVisits bounds the nodes one script walk visits: aliases of
// aliases describe exponentially many nodes even when none is a command.
const maxCommandVisits = 20000

// cmdWalk collects commands from one script value.
type cmdWalk struct {
	out    []Command
	visits int
	// ref expands a tagged node (GitLab `!reference`) into the walk.
	ref func(w *cmdWalk, n *yaml.Node, depth int)
}

// commands flattens a script value into commands: a string (one command or
// a multi-line block) or a list of them, nested lists flattened, aliases
// followed. Each command keeps its line in this file.
func (y *yamlFile) commands(n *yaml.Node, ref func(w *cmdWalk, n *yaml.Node, depth int)) []Command {
	w := &cmdWalk{ref: ref}
	y.walkCommands(w, n, 0)
	return w.out
}

func (y *yamlFile) walkCommands(w *cmdWalk, n *yaml.Node, depth int) {
	w.visits++
	if depth > maxScriptDepth || len(w.out) >= maxJobCommands || w.visits > maxCommandVisits {
		return
	}
	if n != nil && n.Kind == yaml.AliasNode {
		n = ymResolve(n)
	}
	if n == nil {
		return
	}
	if n.Tag == "!reference" {
		if w.ref != nil {
			w.ref(w, n, depth+1)
		}
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!null" {
			w.out = append(w.out, y.scalarCommands(n)...)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			y.walkCommands(w, item, depth+1)
		}
	}
	if len(w.out) > maxJobCommands {
		w.out = w.out[:maxJobCommands]
	}
}

// scalarCommands splits one script string into commands with lines. A
// literal block (|) starts on the line after its indicator, line for line;
// other multi-line styles fold lines, so their commands are found in the
// source text instead.
func (y *yamlFile) scalarCommands(n *yaml.Node) []Command {
	if !strings.Contains(strings.TrimRight(n.Value, "\n"), "\n") && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return shellLines(n.Value, y.path, y.clamp(n.Line))
	}
	if n.Style&yaml.LiteralStyle != 0 {
		cmds := shellLines(n.Value, y.path, n.Line+1)
		for i := range cmds {
			cmds[i].Line = y.clamp(cmds[i].Line)
		}
		return cmds
	}
	cmds := shellLines(n.Value, y.path, 0)
	cursor := n.Line - 1
	if n.Style&yaml.FoldedStyle != 0 {
		cursor = n.Line
	}
	for i := range cmds {
		cmds[i].Line = y.locate(cmds[i].Run, &cursor, n.Line)
	}
	return cmds
}

// locate finds the source line a folded command starts on: the next line at
// or after cursor whose text begins the command. It falls back to fallback.
func (y *yamlFile) locate(run string, cursor *int, fallback int) int {
	for i := max(*cursor, 0); i < len(y.lines); i++ {
		src := strings.Trim(strings.TrimSpace(y.lines[i]), `"'`)
		src = strings.TrimSpace(strings.TrimPrefix(src, "- "))
		if src != "" && strings.HasPrefix(run, src) {
			*cursor = i + 1
			return i + 1
		}
	}
	return y.clamp(fallback)
}
