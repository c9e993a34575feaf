package deps

import (
	"errors"

	"github.com/pelletier/go-toml/v2/unstable"
)

// tomlValue is a TOML value with the line it was written on. go-toml's
// expression parser gives byte ranges, so values and lines come from one
// pass instead of a decode plus a text scan.
type tomlValue struct {
	kind  tomlKind
	str   string // strings, and the raw text of other scalars
	line  int
	items []*tomlValue // arrays
	keys  []string     // tables, in the order written
	table map[string]*tomlValue
}

type tomlKind int

const (
	tomlScalar tomlKind = iota
	tomlString
	tomlArray
	tomlTable
)

func newTOMLTable(line int) *tomlValue {
	return &tomlValue{kind: tomlTable, line: line, table: map[string]*tomlValue{}}
}

// get follows keys through tables; nil when any is missing.
func (v *tomlValue) get(keys ...string) *tomlValue {
	for _, k := range keys {
		if v == nil || v.kind != tomlTable {
			return nil
		}
		v = v.table[k]
	}
	return v
}

// getString is get for a string value; "" when absent or not a string.
func (v *tomlValue) getString(keys ...string) string {
	if s := v.get(keys...); s != nil && s.kind == tomlString {
		return s.str
	}
	return ""
}

// child returns the table under key, creating it (or taking the last
// element of an array of tables) as TOML does for dotted keys and headers.
func (v *tomlValue) child(key string, line int) *tomlValue {
	c := v.table[key]
	switch {
	case c == nil:
		c = newTOMLTable(line)
		v.set(key, c)
	case c.kind == tomlArray && len(c.items) > 0 && c.items[len(c.items)-1].kind == tomlTable:
		c = c.items[len(c.items)-1]
	case c.kind != tomlTable:
		// A redefinition; TOML forbids it, we keep going with a fresh table.
		c = newTOMLTable(line)
		v.table[key] = c
	}
	return c
}

func (v *tomlValue) set(key string, val *tomlValue) {
	if _, ok := v.table[key]; !ok {
		v.keys = append(v.keys, key)
	}
	v.table[key] = val
}

// parseTOML reads a TOML document. On a syntax error it returns what was
// read before it, the error and its line.
func parseTOML(data []byte) (root *tomlValue, errLine int, err error) {
	lines := newOffsetLines(data)
	lineOf := func(r unstable.Range) int { return lines.line(int(r.Offset)) }
	root = newTOMLTable(1)
	cur := root
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys, line := tomlKeys(e.Key(), lineOf)
			if len(keys) == 0 {
				continue
			}
			t := root
			for _, k := range keys[:len(keys)-1] {
				t = t.child(k, line)
			}
			last := keys[len(keys)-1]
			if e.Kind == unstable.Table {
				cur = t.child(last, line)
				cur.line = line
				continue
			}
			arr := t.table[last]
			if arr == nil || arr.kind != tomlArray {
				arr = &tomlValue{kind: tomlArray, line: line}
				t.set(last, arr)
			}
			cur = newTOMLTable(line)
			arr.items = append(arr.items, cur)
		case unstable.KeyValue:
			tomlSetKeyValue(cur, e, lineOf)
		}
	}
	if err := p.Error(); err != nil {
		line := 0
		var pe *unstable.ParserError
		if errors.As(err, &pe) {
			if off := cap(data) - cap(pe.Highlight); pe.Highlight != nil && off >= 0 && off <= len(data) {
				line = lines.line(off)
			}
		}
		return root, line, err
	}
	return root, 0, nil
}

func tomlKeys(it unstable.Iterator, lineOf func(unstable.Range) int) ([]string, int) {
	var keys []string
	line := 0
	for it.Next() {
		k := it.Node()
		if line == 0 {
			line = lineOf(k.Raw)
		}
		keys = append(keys, string(k.Data))
	}
	return keys, line
}

func tomlSetKeyValue(t *tomlValue, kv *unstable.Node, lineOf func(unstable.Range) int) {
	keys, line := tomlKeys(kv.Key(), lineOf)
	if len(keys) == 0 {
		return
	}
	for _, k := range keys[:len(keys)-1] {
		t = t.child(k, line)
	}
	t.set(keys[len(keys)-1], tomlConvert(kv.Value(), line, lineOf))
}

// tomlConvert turns a parser node into a tomlValue; line is the line of
// its key, used when the node carries no range of its own.
func tomlConvert(n *unstable.Node, line int, lineOf func(unstable.Range) int) *tomlValue {
	if n.Raw.Length > 0 || n.Kind == unstable.InlineTable {
		line = lineOf(n.Raw)
	}
	switch n.Kind {
	case unstable.String:
		return &tomlValue{kind: tomlString, str: string(n.Data), line: line}
	case unstable.Array:
		arr := &tomlValue{kind: tomlArray, line: line}
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			item := tomlConvert(c, line, lineOf)
			arr.items = append(arr.items, item)
			line = item.line
		}
		return arr
	case unstable.InlineTable:
		t := newTOMLTable(line)
		it := n.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				tomlSetKeyValue(t, c, lineOf)
			}
		}
		return t
	default:
		return &tomlValue{kind: tomlScalar, str: string(n.Data), line: line}
	}
}
