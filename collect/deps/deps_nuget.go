package deps

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/scoredev/score/facts"
)

// isNuGetManifest matches MSBuild project files, central package
// management props and the legacy packages.config (base lower-cased).
func isNuGetManifest(base string) bool {
	switch path.Ext(base) {
	case ".csproj", ".fsproj", ".vbproj":
		return true
	}
	return base == "directory.packages.props" || base == "directory.build.props" || base == "packages.config"
}

// nugetItem is one package item read from an MSBuild or packages.config file.
type nugetItem struct {
	element, name, version, privateAssets string
	dev                                   bool
	line                                  int
}

// readNuGetItems reads PackageReference, PackageVersion,
// GlobalPackageReference and packages.config <package> elements with the
// line of each; versions and PrivateAssets may be attributes or children.
func readNuGetItems(data []byte) (items []nugetItem, errLine int, err error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var cur *nugetItem
	depth, itemDepth := 0, 0
	field := ""
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return items, 0, nil
			}
			line, msg := xmlErrorPos(dec, err)
			return items, line, errors.New(msg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			text.Reset()
			if cur != nil {
				if depth == itemDepth+1 {
					field = tok.Name.Local
				}
				continue
			}
			switch tok.Name.Local {
			case "PackageReference", "PackageVersion", "GlobalPackageReference", "package":
				line, _ := dec.InputPos()
				it := nugetItem{element: tok.Name.Local, line: line}
				for _, a := range tok.Attr {
					switch a.Name.Local {
					case "Include", "id":
						it.name = a.Value
					case "Version", "VersionOverride", "version":
						it.version = a.Value
					case "PrivateAssets":
						it.privateAssets = a.Value
					case "developmentDependency":
						it.dev = strings.EqualFold(a.Value, "true")
					}
				}
				cur, itemDepth = &it, depth
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			if cur != nil && depth == itemDepth {
				if cur.name != "" {
					items = append(items, *cur)
				}
				cur = nil
			} else if cur != nil && depth == itemDepth+1 {
				switch field {
				case "Version", "VersionOverride":
					cur.version = strings.TrimSpace(text.String())
				case "PrivateAssets":
					cur.privateAssets = strings.TrimSpace(text.String())
				}
				field = ""
			}
			depth--
		}
	}
}

// nuget reads a .csproj/.fsproj/.vbproj, Directory.Packages.props,
// Directory.Build.props or packages.config. Versions left out of a project
// (central package management) come from the nearest
// Directory.Packages.props above it; the lockfile is packages.lock.json.
func (d *depScan) nuget(p string, data []byte) *facts.Manifest {
	base := path.Base(p)
	kind := strings.TrimPrefix(path.Ext(base), ".")
	switch strings.ToLower(base) {
	case "directory.packages.props":
		kind = "Directory.Packages.props"
	case "directory.build.props":
		kind = "Directory.Build.props"
	case "packages.config":
		kind = "packages.config"
	}
	items, errLine, err := readNuGetItems(data)
	if err != nil {
		d.warn(p, data, errLine, fmt.Sprintf("parse %s: %v", base, err))
	}
	props := readMSBuildProperties(data)
	if kind == "Directory.Build.props" && len(items) == 0 && len(props) == 0 {
		return nil // build settings the checks do not read
	}
	m := newManifest(p, "nuget", kind)
	m.Properties = props
	m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(p), "packages.lock.json")...)
	var central map[string]string
	for _, it := range items {
		dep := facts.Dependency{Name: it.name, Version: it.version, Scope: "runtime", Direct: true, Line: it.line}
		if it.dev || strings.EqualFold(it.privateAssets, "all") || it.element == "GlobalPackageReference" {
			dep.Scope = "dev"
		}
		if it.element == "PackageVersion" {
			dep.Scope, dep.Direct = "managed", false
		}
		if dep.Version == "" && it.element == "PackageReference" {
			if central == nil {
				central = d.nugetCentralVersions(path.Dir(p))
			}
			dep.Version = central[strings.ToLower(it.name)]
		}
		m.Dependencies = append(m.Dependencies, dep)
	}
	return m
}

// nugetCentralVersions returns the PackageVersion items of the nearest
// Directory.Packages.props at or above dir, keyed by lower-cased id.
func (d *depScan) nugetCentralVersions(dir string) map[string]string {
	for _, anc := range append([]string{dir}, depAncestors(dir)...) {
		if v, ok := d.nugetCPM[anc]; ok {
			if v != nil {
				return v
			}
			continue
		}
		d.nugetCPM[anc] = nil
		for _, name := range d.filesIn(anc) {
			if !strings.EqualFold(name, "Directory.Packages.props") {
				continue
			}
			data, err := d.t.Read(path.Join(anc, name))
			if err != nil {
				continue
			}
			items, _, _ := readNuGetItems(data)
			versions := map[string]string{}
			for _, it := range items {
				if it.element == "PackageVersion" {
					versions[strings.ToLower(it.name)] = it.version
				}
			}
			d.nugetCPM[anc] = versions
			return versions
		}
	}
	return map[string]string{}
}
