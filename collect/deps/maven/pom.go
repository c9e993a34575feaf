// Package maven parses pom.xml files: a pure parser (bytes in, the
// dependency, plugin and parent elements with their lines out) that the
// deps collector turns into a manifest. See docs/architecture.md, "Adding an
// ecosystem".
package maven

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/scoredev/score/internal/lazyre"
)

// Item is a <dependency>, <plugin> or <parent> element.
type Item struct {
	// Kind is dependency, managed, plugin, managed-plugin,
	// reporting-plugin or parent.
	Kind string
	// Line is the line of the element's start tag.
	Line int
	// Fields are its child elements' text (groupId, artifactId, version,
	// scope ...), as written.
	Fields map[string]string
	depth  int // len(stack) when the element opened
}

// Doc is what Parse reads from a pom.xml: the dependency, plugin and parent
// elements, <properties>, the project's own fields and its modules (those
// of profiles included).
type Doc struct {
	Items   []Item
	Props   map[string]string
	Project map[string]string
	Modules []string
}

// SyntaxError is where a pom.xml stops parsing; what was read before it is
// kept.
type SyntaxError struct {
	Line int
	Msg  string
}

// Parse reads a pom.xml as a token stream so that every dependency and
// plugin keeps the line of its element. It is lenient (HTML entities, any
// charset declared); on a syntax error it returns what it read so far and
// where it stopped.
func Parse(data []byte) (Doc, *SyntaxError) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	doc := Doc{Props: map[string]string{}, Project: map[string]string{}}
	var (
		stack []string
		item  *Item
		field string
		text  strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				line, msg := xmlErrorPos(dec, err)
				return doc, &SyntaxError{Line: line, Msg: msg}
			}
			return doc, nil
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			line, _ := dec.InputPos()
			text.Reset()
			field = ""
			if item == nil {
				if kind := itemKind(stack); kind != "" {
					item = &Item{Kind: kind, depth: len(stack), Line: line, Fields: map[string]string{}}
				}
			} else if len(stack) == item.depth+1 {
				field = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			value := strings.TrimSpace(text.String())
			switch {
			case item != nil && len(stack) == item.depth:
				doc.Items = append(doc.Items, *item)
				item = nil
			case item != nil && field != "" && len(stack) == item.depth+1:
				item.Fields[field] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "properties":
				doc.Props[stack[2]] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "modules" && stack[2] == "module",
				item == nil && len(stack) == 5 && stack[0] == "project" && stack[1] == "profiles" && stack[3] == "modules" && stack[4] == "module":
				if value != "" {
					doc.Modules = append(doc.Modules, value)
				}
			case item == nil && len(stack) == 2 && stack[0] == "project":
				doc.Project[stack[1]] = value
			}
			stack = stack[:len(stack)-1]
			text.Reset()
			field = ""
		}
	}
}

// Properties are the values ${...} references resolve against:
// <properties> and the project's own coordinates (its parent's when it
// inherits them); anything else stays as written.
func Properties(doc Doc) map[string]string {
	props := map[string]string{}
	for k, v := range doc.Props {
		props[k] = v
	}
	parent := map[string]string{}
	for _, it := range doc.Items {
		if it.Kind == "parent" {
			parent = it.Fields
		}
	}
	if v, ok := doc.Project["version"]; ok {
		props["project.version"] = v
	} else if v, ok := parent["version"]; ok {
		props["project.version"] = v
	}
	props["project.parent.version"] = parent["version"]
	props["project.groupId"] = doc.Project["groupId"]
	if props["project.groupId"] == "" {
		props["project.groupId"] = parent["groupId"]
	}
	return props
}

// xmlErrorPos is the line of a decoding error and its message without
// the line, which the warning carries separately.
func xmlErrorPos(dec *xml.Decoder, err error) (int, string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Line, se.Msg
	}
	line, _ := dec.InputPos()
	return line, err.Error()
}

// itemKind says what the element on top of stack is, or "".
func itemKind(stack []string) string {
	n := len(stack)
	if n == 2 && stack[0] == "project" && stack[1] == "parent" {
		return "parent"
	}
	if n < 3 || stack[0] != "project" {
		return ""
	}
	// container reports whether stack[:k] is the project or one of its
	// profiles, the two places that hold dependencies and builds.
	container := func(k int) bool {
		return k == 1 || (k == 3 && stack[1] == "profiles" && stack[2] == "profile")
	}
	last, parentEl, owner := stack[n-1], stack[n-2], stack[n-3]
	switch {
	case last == "dependency" && parentEl == "dependencies":
		switch {
		case container(n - 2):
			return "dependency"
		case owner == "dependencyManagement" && container(n-3):
			return "managed"
		}
	case last == "plugin" && parentEl == "plugins":
		switch {
		case owner == "build" && container(n-3):
			return "plugin"
		case owner == "reporting" && container(n-3):
			return "reporting-plugin"
		case owner == "pluginManagement" && n >= 5 && stack[n-4] == "build" && container(n-4):
			return "managed-plugin"
		}
	}
	return ""
}

// ResolveProps replaces ${name} references found in props; anything else
// stays as written.
var propRe = lazyre.New(`\$\{([^}]+)\}`)

func ResolveProps(s string, props map[string]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return propRe.ReplaceAllStringFunc(s, func(ref string) string {
		if v, ok := props[ref[2:len(ref)-1]]; ok && v != "" && !strings.Contains(v, "${") {
			return v
		}
		return ref
	})
}
