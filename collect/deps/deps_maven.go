package deps

import (
	"encoding/xml"
	"errors"

	"github.com/scoredev/score/collect/deps/maven"
	"github.com/scoredev/score/facts"
)

// pom reads a pom.xml into a manifest. dependencyManagement entries are kept
// with scope "managed" (or "import" for BOMs) and are not direct.
func (d *depScan) pom(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "maven", "pom.xml")
	doc, perr := maven.Parse(data)
	if perr != nil {
		d.warn(p, data, perr.Line, "parse pom.xml: "+perr.Msg)
	}
	m.Workspaces = append(m.Workspaces, doc.Modules...)
	props := maven.Properties(doc)
	resolve := func(s string) string { return maven.ResolveProps(s, props) }
	for _, it := range doc.Items {
		group, artifact := resolve(it.Fields["groupId"]), resolve(it.Fields["artifactId"])
		if artifact == "" {
			continue
		}
		name, version := group+":"+artifact, resolve(it.Fields["version"])
		switch it.Kind {
		case "dependency", "managed":
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: name, Version: version, Scope: pomScope(it), Direct: it.Kind == "dependency", Line: it.Line})
		case "parent":
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: name, Version: version, Scope: "parent", Direct: true, Line: it.Line})
		default:
			if group == "" {
				name = "org.apache.maven.plugins:" + artifact
			}
			scope := map[string]string{"plugin": "build", "managed-plugin": "managed", "reporting-plugin": "reporting"}[it.Kind]
			m.Plugins = append(m.Plugins, facts.Dependency{Name: name, Version: version, Scope: scope, Direct: it.Kind != "managed-plugin", Line: it.Line})
		}
	}
	return m
}

// pomScope is a dependency's scope as facts name it: "import" for a BOM in
// dependencyManagement, "managed" for other managed entries, "compile" when
// none is written.
func pomScope(it maven.Item) string {
	scope := it.Fields["scope"]
	switch {
	case it.Kind == "managed" && scope == "import":
		return "import"
	case it.Kind == "managed":
		return "managed"
	case scope == "":
		return "compile"
	}
	return scope
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
