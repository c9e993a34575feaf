package textutil

// JSON and text helpers shared by the files, ownership, tests, security and
// monitoring collectors; their YAML helpers are in yamlnode.go. Names carry
// a "json" or "txt" prefix so that they do not collide with other
// collectors' helpers.

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// txtLines calls fn for each line of data with its 1-based number, without
// the line terminator. It stops when fn returns false.
func TxtLines(data []byte, fn func(n int, line []byte) bool) {
	TxtLinesAt(data, func(n, _ int, line []byte) bool { return fn(n, line) })
}

// txtLinesAt is txtLines with each line's byte offset in data.
func TxtLinesAt(data []byte, fn func(n, start int, line []byte) bool) {
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
func TxtLineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// txtIniSections returns the [section] headers of an INI or TOML file with
// their lines, lower-cased and without brackets ("tool.pytest.ini_options").
func TxtIniSections(data []byte) map[string]int {
	out := map[string]int{}
	TxtLines(data, func(n int, line []byte) bool {
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
func TxtSectionLine(sections map[string]int, name string) int {
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
type JsonKey struct {
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
func JsonTopLevel(data []byte) ([]JsonKey, *jsonSyntaxError) {
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) *jsonSyntaxError {
		off := int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		off = min(max(off, 0), len(data))
		return &jsonSyntaxError{Line: max(1, ClampLine(TxtLineAt(data, off), CountLines(data))), Err: err}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if tok != json.Delim('{') {
		return nil, nil
	}
	var out []JsonKey
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, fail(err)
		}
		name, _ := tok.(string)
		// InputOffset is just past the key: its line is the key's line.
		line := TxtLineAt(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, fail(err)
		}
		out = append(out, JsonKey{Name: name, Line: line, Raw: raw})
	}
	if _, err := dec.Token(); err != nil {
		return out, fail(err)
	}
	return out, nil
}

// jsonTopKeys is jsonTopLevel for files whose syntax errors other
// collectors report: what was read before an error.
func JsonTopKeys(data []byte) []JsonKey {
	keys, _ := JsonTopLevel(data)
	return keys
}
