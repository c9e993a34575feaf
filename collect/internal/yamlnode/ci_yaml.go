package yamlnode

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Bounds on walking CI scripts, besides those on aliases and merge keys
// (yamlnode.go): a walk that follows aliases is bounded in depth and in
// what it emits.
const (
	MaxScriptDepth = 10
	// maxJobCommands caps the commands (or reached commands) of one job.
	MaxJobCommands = 2000
)

// yamlFile is one parsed YAML file with what line lookups need.
type YamlFile struct {
	Path  string
	lines []string
	// docs are the documents' root nodes (mappings, sequences or scalars).
	Docs []*yaml.Node
}

// loadYAML reads and parses p; a file that cannot be read or parsed becomes
// a warning naming the line, and ok is false.
func LoadYAML(t *snapshot.Tree, p string) (*YamlFile, bool) {
	data, ok := t.ReadText(p)
	if !ok {
		return nil, false
	}
	return ParseYAMLFile(t, p, data)
}

func ParseYAMLFile(t *snapshot.Tree, p string, data []byte) (*YamlFile, bool) {
	y := &YamlFile{Path: p, lines: textutil.TextLines(data)}
	docs, err := ParseYAMLDocs(data)
	if err != nil {
		t.Warn(p, textutil.ClampLine(YamlErrorLine(err), len(y.lines)), "YAML not parsed: "+YamlErrorText(err))
		return nil, false
	}
	for _, d := range docs {
		if d.Root != nil {
			y.Docs = append(y.Docs, d.Root)
		}
	}
	return y, true
}

// firstMapping is the first document that is a mapping, or nil.
func (y *YamlFile) FirstMapping() *yaml.Node {
	for _, d := range y.Docs {
		if d.Kind == yaml.MappingNode {
			return d
		}
	}
	return nil
}

// clamp keeps a node's line inside the file.
func (y *YamlFile) Clamp(line int) int { return textutil.ClampLine(line, len(y.lines)) }

// maxCommandVisits bounds the nodes one script walk visits: aliases of
// aliases describe exponentially many nodes even when none is a command.
const maxCommandVisits = 20000

// cmdWalk collects commands from one script value.
type CmdWalk struct {
	out    []facts.Command
	visits int
	// ref expands a tagged node (GitLab `!reference`) into the walk.
	ref func(w *CmdWalk, n *yaml.Node, depth int)
}

// commands flattens a script value into commands: a string (one command or
// a multi-line block) or a list of them, nested lists flattened, aliases
// followed. Each command keeps its line in this file.
func (y *YamlFile) Commands(n *yaml.Node, ref func(w *CmdWalk, n *yaml.Node, depth int)) []facts.Command {
	w := &CmdWalk{ref: ref}
	y.WalkCommands(w, n, 0)
	return w.out
}

func (y *YamlFile) WalkCommands(w *CmdWalk, n *yaml.Node, depth int) {
	w.visits++
	if depth > MaxScriptDepth || len(w.out) >= MaxJobCommands || w.visits > maxCommandVisits {
		return
	}
	if n != nil && n.Kind == yaml.AliasNode {
		n = YamlResolve(n)
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
			w.out = append(w.out, y.ScalarCommands(n)...)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			y.WalkCommands(w, item, depth+1)
		}
	}
	if len(w.out) > MaxJobCommands {
		w.out = w.out[:MaxJobCommands]
	}
}

// scalarCommands splits one script string into commands with lines. A
// literal block (|) starts on the line after its indicator, line for line;
// other multi-line styles fold lines, so their commands are found in the
// source text instead.
func (y *YamlFile) ScalarCommands(n *yaml.Node) []facts.Command {
	if !strings.Contains(strings.TrimRight(n.Value, "\n"), "\n") && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return textutil.ShellLines(n.Value, y.Path, y.Clamp(n.Line))
	}
	if n.Style&yaml.LiteralStyle != 0 {
		cmds := textutil.ShellLines(n.Value, y.Path, n.Line+1)
		for i := range cmds {
			cmds[i].Line = y.Clamp(cmds[i].Line)
		}
		return cmds
	}
	cmds := textutil.ShellLines(n.Value, y.Path, 0)
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
func (y *YamlFile) locate(run string, cursor *int, fallback int) int {
	for i := max(*cursor, 0); i < len(y.lines); i++ {
		src := strings.Trim(strings.TrimSpace(y.lines[i]), `"'`)
		src = strings.TrimSpace(strings.TrimPrefix(src, "- "))
		if src != "" && strings.HasPrefix(run, src) {
			*cursor = i + 1
			return i + 1
		}
	}
	return y.Clamp(fallback)
}
