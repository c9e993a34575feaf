// Package jsonedit adds to JSON configuration files (renovate.json) by
// inserting text where a person would, so that the file's indentation,
// key order and line endings stay as they were. It never re-marshals.
package jsonedit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

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

// member is one top-level key of an object: where its key starts and its
// value spans.
type member struct {
	key                        string
	keyStart, valStart, valEnd int
}

// AddToArray makes the top-level array key hold the string item: the item
// is appended when missing, and the key is added last when the object has
// none. A value that is not an array is an error.
func AddToArray(path string, data []byte, key, item string) ([]byte, error) {
	var top any
	if err := json.Unmarshal(data, &top); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return nil, &ParseError{Path: path, Line: line, Msg: "not valid JSON: " + err.Error()}
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, &ParseError{Path: path, Line: 1, Msg: "the top level is not an object"}
	}
	quoted, _ := json.Marshal(item)
	eol := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		eol = "\r\n"
	}
	open, close, members := scan(data)
	if v, ok := obj[key]; ok {
		arr, ok := v.([]any)
		if !ok {
			return nil, &ParseError{Path: path, Line: lineOf(data, memberOf(members, key).valStart), Msg: key + " is not an array; not edited"}
		}
		if slices.Contains(arr, any(item)) {
			return data, nil
		}
		m := memberOf(members, key)
		end := m.valEnd - 1 // the ]
		prev := lastNonSpace(data, m.valStart+1, end)
		if prev < 0 {
			return splice(data, end, string(quoted)), nil
		}
		gap := string(data[prev+1 : end])
		if strings.Contains(gap, "\n") {
			ind := indentOfLine(data, prev)
			return splice(data, prev+1, ","+eol+ind+string(quoted)), nil
		}
		return splice(data, prev+1, ", "+string(quoted)), nil
	}
	entry := string(mustMarshal(key)) + ": [" + string(quoted) + "]"
	prev := lastNonSpace(data, open+1, close)
	if prev < 0 {
		return splice(data, close, entry), nil
	}
	if len(members) > 0 && strings.Contains(string(data[open:members[0].keyStart]), "\n") {
		ind := indentOfLine(data, members[0].keyStart)
		return splice(data, prev+1, ","+eol+ind+entry), nil
	}
	return splice(data, prev+1, ", "+entry), nil
}

func mustMarshal(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

func memberOf(ms []member, key string) member {
	for _, m := range ms {
		if m.key == key {
			return m
		}
	}
	return member{}
}

func splice(data []byte, at int, s string) []byte {
	out := make([]byte, 0, len(data)+len(s))
	out = append(out, data[:at]...)
	out = append(out, s...)
	return append(out, data[at:]...)
}

func lastNonSpace(data []byte, from, to int) int {
	for i := to - 1; i >= from; i-- {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return i
		}
	}
	return -1
}

func indentOfLine(data []byte, at int) string {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	i := start
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return string(data[start:i])
}

func lineOf(data []byte, at int) int { return 1 + bytes.Count(data[:at], []byte("\n")) }

// scan finds the top-level object's braces and members of valid JSON.
func scan(data []byte) (open, close int, members []member) {
	depth := 0
	open = -1
	var cur *member
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			if depth == 1 && cur == nil {
				var k string
				_ = json.Unmarshal(data[i:j+1], &k)
				members = append(members, member{key: k, keyStart: i})
				cur = &members[len(members)-1]
			} else if depth == 1 && cur != nil && cur.valStart == 0 {
				cur.valStart, cur.valEnd = i, j+1
			}
			i = j
		case '{', '[':
			if depth == 0 {
				open = i
			} else if depth == 1 && cur != nil && cur.valStart == 0 {
				cur.valStart = i
			}
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				close = i
			} else if depth == 1 && cur != nil && cur.valEnd == 0 {
				cur.valEnd = i + 1
			}
		case ',':
			if depth == 1 {
				cur = nil
			}
		case ':', ' ', '\t', '\r', '\n':
		default:
			if depth == 1 && cur != nil && cur.valStart == 0 {
				cur.valStart = i
				for i+1 < len(data) && !strings.ContainsRune(",} \t\r\n", rune(data[i+1])) {
					i++
				}
				cur.valEnd = i + 1
			}
		}
	}
	return open, close, members
}
