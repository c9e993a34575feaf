// Package yamledit changes YAML files the way a person would: it parses the
// file to find where a change goes, then inserts or rewrites only the lines
// concerned. Nothing is re-marshalled, so comments, key order, anchors,
// custom tags such as GitLab's !reference, the indentation width and the
// line endings of the rest of the file are kept byte for byte.
//
// It owns the structured YAML edits of `score fix` (GitLab CI includes and
// job artifacts, Actions workflow permissions); it never decides whether a
// fix is needed (the policies do) and never writes files.
package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/internal/lazyre"
)

// Doc is a parsed YAML file with its raw lines.
type Doc struct {
	path  string
	lines []string // each without its line ending
	eol   string   // "\n" or "\r\n", as the file uses
	// finalEOL is false when the last line has no line ending.
	finalEOL bool
	root     *yaml.Node // the top-level mapping
	indent   int        // the file's indentation step
}

// ParseError is a file that cannot be edited, with the line at fault.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

var yamlLine = lazyre.New(`line (\d+)`)

// Parse reads a YAML file whose single document is a mapping (an empty file
// is an empty mapping). A file with several documents or a syntax error is
// refused with its line.
func Parse(path string, data []byte) (d *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, &ParseError{Path: path, Msg: fmt.Sprintf("yaml: %v", r)}
		}
	}()
	d = &Doc{path: path, eol: "\n", indent: 2}
	if bytes.Contains(data, []byte("\r\n")) {
		d.eol = "\r\n"
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	d.finalEOL = text == "" || strings.HasSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\n")
	if text != "" {
		d.lines = strings.Split(text, "\n")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				fmt.Sscan(m[1], &line)
			}
			return nil, &ParseError{Path: path, Line: line, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
		}
		docs = append(docs, &n)
	}
	switch {
	case len(docs) > 1:
		return nil, &ParseError{Path: path, Line: docs[1].Line, Msg: "holds several YAML documents; only a single document is edited"}
	case len(docs) == 0 || len(docs[0].Content) == 0:
		d.root = &yaml.Node{Kind: yaml.MappingNode}
	default:
		d.root = docs[0].Content[0]
	}
	if d.root.Kind == yaml.ScalarNode && d.root.Tag == "!!null" {
		d.root = &yaml.Node{Kind: yaml.MappingNode}
	}
	if d.root.Kind != yaml.MappingNode {
		return nil, &ParseError{Path: path, Line: d.root.Line, Msg: "the top level is not a mapping"}
	}
	if d.root.Style&yaml.FlowStyle != 0 {
		return nil, &ParseError{Path: path, Line: d.root.Line, Msg: "the top level is a flow mapping ({...}); only block YAML is edited"}
	}
	d.indent = detectIndent(d.root)
	return d, nil
}

// detectIndent finds the file's indentation step from the first nested
// block mapping (searching through sequences too), defaulting to 2.
func detectIndent(root *yaml.Node) int {
	var walk func(n *yaml.Node, depth int) int
	walk = func(n *yaml.Node, depth int) int {
		if depth > 16 || n.Style&yaml.FlowStyle != 0 {
			return 0
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Line > k.Line {
					if step := v.Content[0].Column - k.Column; step > 0 {
						return step
					}
				}
			}
			for i := 1; i < len(n.Content); i += 2 {
				if s := walk(n.Content[i], depth+1); s > 0 {
					return s
				}
			}
		case yaml.SequenceNode:
			for _, it := range n.Content {
				if s := walk(it, depth+1); s > 0 {
					return s
				}
			}
		}
		return 0
	}
	if s := walk(root, 0); s > 0 {
		return s
	}
	return 2
}

// Bytes returns the edited file.
func (d *Doc) Bytes() []byte {
	if len(d.lines) == 0 {
		return nil
	}
	out := strings.Join(d.lines, d.eol)
	if d.finalEOL {
		out += d.eol
	}
	return []byte(out)
}

// Indent is the file's indentation step.
func (d *Doc) Indent() int { return d.indent }

// Root is the top-level mapping, for reading.
func (d *Doc) Root() *yaml.Node { return d.root }

// Get returns the value of key in mapping m, or nil.
func Get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// keyNode returns the key node of key in mapping m, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// insert puts lines before line index at (0-based) and reparses nothing:
// callers finish one edit per Doc and re-Parse for the next.
func (d *Doc) insert(at int, lines ...string) {
	if at == len(d.lines) && !d.finalEOL {
		d.finalEOL = true
	}
	d.lines = append(d.lines[:at], append(lines, d.lines[at:]...)...)
}

func isBlankOrComment(s string) bool {
	t := strings.TrimSpace(s)
	return t == "" || strings.HasPrefix(t, "#")
}

// endOfEntry returns the 0-based index just after the last content line
// of the value of key k (a key node of mapping parent), skipping trailing
// blank and comment lines. parentEnd is the parent's own end index.
func (d *Doc) endOfEntry(parent, k *yaml.Node, parentEnd int) int {
	end := parentEnd
	for i := 0; i+1 < len(parent.Content); i += 2 {
		if parent.Content[i] == k && i+2 < len(parent.Content) {
			end = parent.Content[i+2].Line - 1 // 0-based index of the next key
			break
		}
	}
	for end > k.Line && isBlankOrComment(d.lines[end-1]) {
		end--
	}
	return end
}

// pathTo locates the mapping at keys below the root and returns it with the
// index just after its last line. A missing key returns nil.
func (d *Doc) pathTo(keys ...string) (*yaml.Node, int) {
	m, end := d.root, len(d.lines)
	for end > 0 && isBlankOrComment(d.lines[end-1]) {
		end--
	}
	for _, key := range keys {
		k := keyNode(m, key)
		if k == nil {
			return nil, 0
		}
		end = d.endOfEntry(m, k, end)
		m = Get(m, key)
	}
	return m, end
}

// pad returns n spaces.
func pad(n int) string { return strings.Repeat(" ", n) }

// errAt is a ParseError for an edit the file's shape does not allow.
func (d *Doc) errAt(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &ParseError{Path: d.path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// AppendToSequence appends item (a one-line YAML value, for example
// "template: Jobs/SAST.gitlab-ci.yml") to the block sequence at the
// top-level key. A missing key is created at the end of the file; a plain
// scalar value is turned into a sequence holding it and item. It reports
// whether it changed anything; exists says whether an entry is already
// there.
func (d *Doc) AppendToSequence(key, item string, exists func(*yaml.Node) bool) (bool, error) {
	k := keyNode(d.root, key)
	if k == nil {
		lines := []string{key + ":", pad(d.indent) + "- " + item}
		at := len(d.lines)
		for at > 0 && strings.TrimSpace(d.lines[at-1]) == "" {
			at--
		}
		if at > 0 {
			lines = append([]string{""}, lines...)
		}
		d.insert(at, lines...)
		return true, nil
	}
	v := Get(d.root, key)
	if v.Kind == yaml.AliasNode {
		return false, d.errAt(v, "%s: is an alias; not edited", key)
	}
	if v.Tag != "" && v.Tag != "!!seq" && v.Tag != "!!str" && v.Tag != "!!map" && v.Tag != "!!null" {
		return false, d.errAt(v, "%s: has the tag %s; not edited", key, v.Tag)
	}
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		return false, d.errAt(v, "%s: is a flow sequence ([...]); not edited", key)
	case v.Kind == yaml.SequenceNode:
		for _, it := range v.Content {
			if exists(it) {
				return false, nil
			}
		}
		_, end := d.pathTo(key)
		if len(v.Content) == 0 {
			return false, d.errAt(v, "%s: is an empty sequence; not edited", key)
		}
		dash := dashColumn(d.lines[v.Content[0].Line-1], v.Content[0].Column)
		if dash < 0 {
			return false, d.errAt(v.Content[0], "%s: cannot find the sequence's dash", key)
		}
		d.insert(end, pad(dash)+"- "+item)
		return true, nil
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		_, end := d.pathTo(key)
		if v.Line != k.Line || strings.Contains(d.lines[k.Line-1][k.Column-1:], "~") || strings.Contains(d.lines[k.Line-1][k.Column-1:], "null") {
			return false, d.errAt(v, "%s: is null; not edited", key)
		}
		d.insert(end, pad(k.Column-1+d.indent)+"- "+item)
		return true, nil
	case v.Kind == yaml.ScalarNode:
		if exists(v) {
			return false, nil
		}
		if v.Line != k.Line || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return false, d.errAt(v, "%s: is a multi-line scalar; not edited", key)
		}
		line := d.lines[k.Line-1]
		value := strings.TrimSpace(line[v.Column-1:])
		col := k.Column - 1 + d.indent
		d.lines[k.Line-1] = line[:v.Column-1]
		d.lines[k.Line-1] = strings.TrimRight(d.lines[k.Line-1], " \t")
		d.insert(k.Line, pad(col)+"- "+value, pad(col)+"- "+item)
		return true, nil
	case v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0:
		if exists(v) {
			return false, nil
		}
		// A single include written as a mapping becomes the first item of
		// a sequence: "- " before its first key, its other lines shifted
		// by two so they stay under it.
		_, end := d.pathTo(key)
		first := v.Content[0]
		if first.Line == k.Line {
			return false, d.errAt(v, "%s: mapping starts on the key's line; not edited", key)
		}
		col := first.Column - 1
		for i := first.Line - 1; i < end; i++ {
			switch {
			case i == first.Line-1:
				d.lines[i] = d.lines[i][:col] + "- " + d.lines[i][col:]
			case strings.TrimSpace(d.lines[i]) != "":
				d.lines[i] = "  " + d.lines[i]
			}
		}
		d.insert(end, pad(col)+"- "+item)
		return true, nil
	}
	return false, d.errAt(v, "%s: has a shape that is not edited", key)
}

// dashColumn finds the 0-based column of the "- " that introduces the item
// starting at 1-based column itemCol on line.
func dashColumn(line string, itemCol int) int {
	if itemCol-1 > len(line) {
		return -1
	}
	before := line[:itemCol-1]
	i := strings.LastIndex(before, "-")
	if i < 0 || strings.TrimSpace(before[:i]) != "" && !strings.HasSuffix(strings.TrimSpace(before[:i]), "-") {
		return -1
	}
	// "- - x" nests; the outer dash is the first one on the line.
	return len(before) - len(strings.TrimLeft(before, " "))
}

// EnsureMapping makes sure the mapping at path (below the root) holds key,
// adding "key: value" (value may be a nested block given as lines indented
// from zero by the file's indent, see Block) at the end of the deepest
// existing mapping, creating missing intermediate keys. before, when not
// empty, is a top-level key the new top-level entry goes in front of
// (with the comments directly above that key) instead of the end of the
// file. It reports whether it changed anything.
func (d *Doc) EnsureMapping(path []string, value string, before string) (bool, error) {
	// Walk down as far as the file goes.
	m := d.root
	end := len(d.lines)
	for end > 0 && isBlankOrComment(d.lines[end-1]) {
		end--
	}
	depth := 0
	col := 0
	for depth < len(path) {
		k := keyNode(m, path[depth])
		if k == nil {
			break
		}
		v := Get(m, path[depth])
		if depth == len(path)-1 {
			return false, nil // the leaf is there, whatever its value
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Line == k.Line {
			return false, d.errAt(v, "%s is empty; not edited", strings.Join(path[:depth+1], "."))
		}
		if v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0 {
			return false, d.errAt(v, "%s is not a block mapping; not edited", strings.Join(path[:depth+1], "."))
		}
		end = d.endOfEntry(m, k, end)
		col = v.Content[0].Column - 1
		m = v
		depth++
	}
	var lines []string
	for i, key := range path[depth:] {
		lines = append(lines, pad(col+i*d.indent)+key+":")
	}
	leafCol := col + (len(path)-depth)*d.indent
	valueLines := strings.Split(value, "\n")
	if len(valueLines) == 1 {
		lines[len(lines)-1] += " " + value
	} else {
		for _, l := range valueLines {
			lines = append(lines, pad(leafCol)+indentBy(l, d.indent))
		}
	}
	at := end
	if depth == 0 && before != "" {
		if k := keyNode(d.root, before); k != nil {
			at = k.Line - 1
			for at > 0 && strings.HasPrefix(strings.TrimSpace(d.lines[at-1]), "#") {
				at--
			}
			lines = append(lines, "")
		}
	}
	d.insert(at, lines...)
	return true, nil
}

// indentBy rewrites a line written with two-space steps to the file's step.
func indentBy(line string, step int) string {
	trimmed := strings.TrimLeft(line, " ")
	n := (len(line) - len(trimmed)) / 2
	return pad(n*step) + trimmed
}
