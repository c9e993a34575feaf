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

// pom reads a pom.xml as a token stream so that every dependency and plugin
// keeps the line of its element. dependencyManagement entries are kept
// with scope "managed" (or "import" for BOMs) and are not direct.
func (d *depScan) pom(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "maven", "pom.xml")
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }

	var (
		stack   []string
		item    *pomItem
		field   string
		text    strings.Builder
		props   = map[string]string{}
		project = map[string]string{}
		items   []pomItem
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				line, msg := xmlErrorPos(dec, err)
				d.warn(p, data, line, "parse pom.xml: "+msg)
			}
			break
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
				items = append(items, *item)
				item = nil
			case item != nil && field != "" && len(stack) == item.depth+1:
				item.fields[field] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "properties":
				props[stack[2]] = value
			case item == nil && len(stack) == 3 && stack[0] == "project" && stack[1] == "modules" && stack[2] == "module",
				item == nil && len(stack) == 5 && stack[0] == "project" && stack[1] == "profiles" && stack[3] == "modules" && stack[4] == "module":
				if value != "" {
					m.Workspaces = append(m.Workspaces, value)
				}
			case item == nil && len(stack) == 2 && stack[0] == "project":
				project[stack[1]] = value
			}
			stack = stack[:len(stack)-1]
			text.Reset()
			field = ""
		}
	}

	parent := map[string]string{}
	for _, it := range items {
		if it.kind == "parent" {
			parent = it.fields
		}
	}
	// ${...} references resolve against <properties> and the project's own
	// coordinates; anything else stays as written.
	if v, ok := project["version"]; ok {
		props["project.version"] = v
	} else if v, ok := parent["version"]; ok {
		props["project.version"] = v
	}
	props["project.parent.version"] = parent["version"]
	props["project.groupId"] = project["groupId"]
	if props["project.groupId"] == "" {
		props["project.groupId"] = parent["groupId"]
	}
	resolve := func(s string) string { return resolveMavenProps(s, props) }

	for _, it := range items {
		group, artifact := resolve(it.fields["groupId"]), resolve(it.fields["artifactId"])
		version := resolve(it.fields["version"])
		switch it.kind {
		case "dependency", "managed":
			if artifact == "" {
				continue
			}
			dep := facts.Dependency{Name: group + ":" + artifact, Version: version, Direct: it.kind == "dependency", Line: it.line}
			scope := it.fields["scope"]
			switch {
			case it.kind == "managed" && scope == "import":
				dep.Scope = "import"
			case it.kind == "managed":
				dep.Scope = "managed"
			case scope == "":
				dep.Scope = "compile"
			default:
				dep.Scope = scope
			}
			m.Dependencies = append(m.Dependencies, dep)
		case "parent":
			if artifact != "" {
				m.Dependencies = append(m.Dependencies, facts.Dependency{Name: group + ":" + artifact, Version: version, Scope: "parent", Direct: true, Line: it.line})
			}
		default:
			if artifact == "" {
				continue
			}
			if group == "" {
				group = "org.apache.maven.plugins"
			}
			scope := map[string]string{"plugin": "build", "managed-plugin": "managed", "reporting-plugin": "reporting"}[it.kind]
			m.Plugins = append(m.Plugins, facts.Dependency{Name: group + ":" + artifact, Version: version, Scope: scope, Direct: it.kind != "managed-plugin", Line: it.line})
		}
	}
	return m
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
