package deps

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/scoredev/score/facts"
)

// pomItem is a <dependency>, <plugin> or <parent> being read.
type pomItem struct {
	kind   string // dependency, managed, plugin, managed-plugin, reporting-plugin, parent
	depth  int    // len(stack) when the element opened
	line   int
	fields map[string]string
}

// pomDoc is what parsePom reads from a pom.xml: the dependency, plugin and
// parent elements with their lines, <properties>, the project's own fields
// and its modules (those of profiles included).
type pomDoc struct {
	items   []pomItem
	props   map[string]string
	project map[string]string
	modules []string
}

// pomError is where a pom.xml stops parsing; what was read before it is
// kept.
type pomError struct {
	line int
	msg  string
}

// pom reads a pom.xml into a manifest. dependencyManagement entries are kept
// with scope "managed" (or "import" for BOMs) and are not direct.
func (d *depScan) pom(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "maven", "pom.xml")
	doc, perr := parsePom(data)
	if perr != nil {
		d.warn(p, data, perr.line, "parse pom.xml: "+perr.msg)
	}
	m.Workspaces = append(m.Workspaces, doc.modules...)
	props := pomProperties(doc)
	resolve := func(s string) string { return resolveMavenProps(s, props) }
	for _, it := range doc.items {
		group, artifact := resolve(it.fields["groupId"]), resolve(it.fields["artifactId"])
		if artifact == "" {
			continue
		}
		name, version := group+":"+artifact, resolve(it.fields["version"])
		switch it.kind {
		case "dependency", "managed":
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: name, Version: version, Scope: pomScope(it), Direct: it.kind == "dependency", Line: it.line})
		case "parent":
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: name, Version: version, Scope: "parent", Direct: true, Line: it.line})
		default:
			if group == "" {
				name = "org.apache.maven.plugins:" + artifact
			}
			scope := map[string]string{"plugin": "build", "managed-plugin": "managed", "reporting-plugin": "reporting"}[it.kind]
			m.Plugins = append(m.Plugins, facts.Dependency{Name: name, Version: version, Scope: scope, Direct: it.kind != "managed-plugin", Line: it.line})
		}
	}
	return m
}

// pomScope is a dependency's scope as facts name it: "import" for a BOM in
// dependencyManagement, "managed" for other managed entries, "compile" when
// none is written.
func pomScope(it pomItem) string {
	scope := it.fields["scope"]
	switch {
	case it.kind == "managed" && scope == "import":
		return "import"
	case it.kind == "managed":
		return "managed"
	case scope == "":
		return "compile"
	}
	return scope
}

// pomProperties are the values ${...} references resolve against:
// <properties> and the project's own coordinates (its parent's when it
// inherits them); anything else stays as written.
func pomProperties(doc pomDoc) map[string]string {
	props := map[string]string{}
	for k, v := range doc.props {
		props[k] = v
	}
	parent := map[string]string{}
	for _, it := range doc.items {
		if it.kind == "parent" {
			parent = it.fields
		}
	}
	if v, ok := doc.project["version"]; ok {
		props["project.version"] = v
	} else if v, ok := parent["version"]; ok {
		props["project.version"] = v
	}
	props["project.parent.version"] = parent["version"]
	props["project.groupId"] = doc.project["groupId"]
	if props["project.groupId"] == "" {
		props["project.groupId"] = parent["groupId"]
	}
	return props
}

// parsePom reads a pom.xml as a token stream so that every dependency and
// plugin keeps the line of its element. It is lenient (HTML entities, any
// charset declared); on a syntax error it returns what it read so far and
// where it stopped.
func parsePom(data []byte) (pomDoc, *pomError) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	doc := pomDoc{props: map[string]string{}, project: map[string]string{}}
	var (
		stack []string
		item  *pomItem
		field string
		text  strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				line, msg := xmlErrorPos(dec, err)
				return doc, &pomError{line: line, msg: msg}
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
				if kind := pomItemKind(stack); kind != "" {
					item = &pomItem{kind: kind, depth: len(stack), line: line, fields: map[string]string{}}
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
				doc.items = append(doc.items, *item)
				item = nil
			case item != nil && field != "" && len(stack) == item.depth+1:
				item.fields[field] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "properties":
				doc.props[stack[2]] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "modules" && stack[2] == "module",
				item == nil && len(stack) == 5 && stack[0] == "project" && stack[1] == "profiles" && stack[3] == "modules" && stack[4] == "module":
				if value != "" {
					doc.modules = append(doc.modules, value)
				}
			case item == nil && len(stack) == 2 && stack[0] == "project":
				doc.project[stack[1]] = value
			}
			stack = stack[:len(stack)-1]
			text.Reset()
			field = ""
		}
	}
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

// pomItemKind says what the element on top of stack is, or "".
func pomItemKind(stack []string) string {
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

var mavenPropRe = regexp.MustCompile(`\$\{([^}]+)\}`)

func resolveMavenProps(s string, props map[string]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return mavenPropRe.ReplaceAllStringFunc(s, func(ref string) string {
		if v, ok := props[ref[2:len(ref)-1]]; ok && v != "" && !strings.Contains(v, "${") {
			return v
		}
		return ref
	})
}
