package scanners

// YAML, JSON and text helpers shared by the files, ownership, tests,
// security and monitoring collectors. Names carry a "yn", "json" or "txt"
// prefix so that they do not collide with other collectors' helpers.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ynDoc is one YAML document of a file: its root node (a mapping, sequence
// or scalar; nil for an empty document) and its first line.
type ynDoc struct {
	Root *yaml.Node
	Line int
}

var ynErrLine = regexp.MustCompile(`line (\d+)`)

// ynDecodeAll parses every document of a YAML file. On a syntax error it
// records a warning naming the file and the line, and returns the documents
// read before the error. It never panics, whatever the input.
func ynDecodeAll(t *Tree, p string, data []byte) []ynDoc {
	docs, err := ynParse(data)
	if err != nil {
		line := ynErrorLine(err, data)
		t.Warn(p, line, fmt.Sprintf("malformed YAML: %s", ynErrorText(err)))
	}
	return docs
}

// ynParse is ynDecodeAll without the warning, for callers and tests that
// want the error.
func ynParse(data []byte) (docs []ynDoc, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml parser: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	lines := txtClampLine(1<<30, data)
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		ynClampLines(&n, lines)
		d := ynDoc{Line: n.Line}
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			d.Root = ynResolve(n.Content[0])
			d.Line = d.Root.Line
		}
		if r := d.Root; r != nil && r.Kind == yaml.ScalarNode && r.Tag == "!!null" && r.Value == "" {
			d.Root = nil // an empty document ("---" alone)
		}
		docs = append(docs, d)
	}
}

// ynErrorLine extracts the line a yaml error names, clamped to the file.
func ynErrorLine(err error, data []byte) int {
	m := ynErrLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return txtClampLine(n, data)
}

// ynErrorText drops the "yaml: line N:" prefix, which the warning carries
// as its own line field.
func ynErrorText(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if m := ynErrLine.FindStringIndex(s); m != nil && m[0] == 0 {
		s = strings.TrimPrefix(s[m[1]:], ":")
	}
	return strings.TrimSpace(s)
}

// txtClampLine keeps a line number within [1, lines of data].
func txtClampLine(n int, data []byte) int {
	lines := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	if lines < 1 {
		lines = 1
	}
	return max(1, min(n, lines))
}

// ynClampLines keeps every node's line within the file's lines. YAML also
// breaks lines at a lone \r, NEL and U+2028/U+2029, which editors and the
// other collectors do not count.
func ynClampLines(n *yaml.Node, lines int) {
	if n.Line > lines {
		n.Line = lines
	}
	for _, c := range n.Content {
		ynClampLines(c, lines)
	}
}

// ynResolve follows aliases so that callers see the anchored node.
func ynResolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// ynPair is one key/value of a mapping.
type ynPair struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// ynPairs returns the pairs of a mapping node (nil for anything else).
// Merge keys (<<) are not expanded.
func ynPairs(n *yaml.Node) []ynPair {
	n = ynResolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	ps := make([]ynPair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		ps = append(ps, ynPair{Key: n.Content[i], Value: ynResolve(n.Content[i+1])})
	}
	return ps
}

// ynGet returns the value of key in a mapping, or nil.
func ynGet(n *yaml.Node, key string) *yaml.Node {
	for _, p := range ynPairs(n) {
		if p.Key.Value == key {
			return p.Value
		}
	}
	return nil
}

// ynPath follows a chain of mapping keys.
func ynPath(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = ynGet(n, k)
		if n == nil {
			return nil
		}
	}
	return n
}

// ynStr returns a scalar's value, or "" for anything else.
func ynStr(n *yaml.Node) string {
	n = ynResolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// ynItems returns the items of a sequence node (nil for anything else).
func ynItems(n *yaml.Node) []*yaml.Node {
	n = ynResolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = ynResolve(c)
	}
	return items
}

// ynKindName names a node kind for warnings.
func ynKindName(n *yaml.Node) string {
	switch ynResolve(n).Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	}
	return "empty"
}

// txtLines calls fn for each line of data with its 1-based number, without
// the line terminator. It stops when fn returns false.
func txtLines(data []byte, fn func(n int, line []byte) bool) {
	txtLinesAt(data, func(n, _ int, line []byte) bool { return fn(n, line) })
}

// txtLinesAt is txtLines with each line's byte offset in data.
func txtLinesAt(data []byte, fn func(n, start int, line []byte) bool) {
	n, off := 0, 0
	for off < len(data) {
		n++
		end := len(data)
		next := end
		if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
			end, next = off+i, off+i+1
		}
		if !fn(n, off, bytes.TrimSuffix(data[off:end], []byte("\r"))) {
			return
		}
		off = next
	}
}

// txtLineAt is the 1-based line of byte offset off in data.
func txtLineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// txtIniSections returns the [section] headers of an INI or TOML file with
// their lines, lower-cased and without brackets ("tool.pytest.ini_options").
func txtIniSections(data []byte) map[string]int {
	out := map[string]int{}
	txtLines(data, func(n int, line []byte) bool {
		s := strings.TrimSpace(string(line))
		if len(s) < 3 || s[0] != '[' {
			return true
		}
		s = strings.TrimLeft(s, "[")
		i := strings.IndexByte(s, ']') // "[a] # comment", "[[a]]"
		if i < 0 {
			return true
		}
		s = s[:i]
		s = strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'`))
		if _, seen := out[s]; !seen && s != "" {
			out[s] = n
		}
		return true
	})
	return out
}

// txtSectionLine returns the line of the first section equal to name or
// starting with name + "." (TOML sub-tables), or 0.
func txtSectionLine(sections map[string]int, name string) int {
	best := 0
	for s, line := range sections {
		if s == name || strings.HasPrefix(s, name+".") {
			if best == 0 || line < best {
				best = line
			}
		}
	}
	return best
}

// jsonKey is a top-level key of a JSON object with its line and raw value.
type jsonKey struct {
	Name string
	Line int
	Raw  json.RawMessage
}

// jsonSyntaxError is a JSON syntax error with the line it was found on.
type jsonSyntaxError struct {
	Line int
	Err  error
}

// jsonTopLevel lists the top-level keys of a JSON object, in order, with
// their lines. A document that is not an object has no keys; a syntax
// error is returned with its line.
func jsonTopLevel(data []byte) ([]jsonKey, *jsonSyntaxError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) *jsonSyntaxError {
		off := int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		off = min(max(off, 0), len(data))
		return &jsonSyntaxError{Line: txtClampLine(txtLineAt(data, off), data), Err: err}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if tok != json.Delim('{') {
		return nil, nil
	}
	var out []jsonKey
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, fail(err)
		}
		name, _ := tok.(string)
		// InputOffset is just past the key: its line is the key's line.
		line := txtLineAt(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, fail(err)
		}
		out = append(out, jsonKey{Name: name, Line: line, Raw: raw})
	}
	if _, err := dec.Token(); err != nil {
		return out, fail(err)
	}
	return out, nil
}

// jsonTopKeys is jsonTopLevel for files whose syntax errors other
// collectors report: what was read before an error.
func jsonTopKeys(data []byte) []jsonKey {
	keys, _ := jsonTopLevel(data)
	return keys
}
