package scanners

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Bounds on walking CI scripts, besides those on aliases and merge keys
// (yamlnode.go): a walk that follows aliases is bounded in depth and in
// what it emits.
const (
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
	for _, d := range docs {
		if d.Root != nil {
			y.docs = append(y.docs, d.Root)
		}
	}
	return y, true
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
		n = yamlResolve(n)
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
