package deps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// npmLockfiles are the lockfiles of npm, Yarn, pnpm and Bun.
var npmLockfiles = []string{"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"}

// npmScopes maps package.json dependency blocks to scopes.
var npmScopes = map[string]string{
	"dependencies":         "runtime",
	"devDependencies":      "dev",
	"peerDependencies":     "peer",
	"optionalDependencies": "optional",
}

// packageJSON reads a package.json with a streaming decoder so that every
// dependency keeps the line of its key inside the right block.
func (d *depScan) packageJSON(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "npm", "package.json")
	pj, err := readPackageJSON(data)
	if err != nil {
		d.warn(p, data, pj.errLine, fmt.Sprintf("parse package.json: %v", err))
	}
	m.Dependencies = append(m.Dependencies, pj.deps...)
	m.Workspaces = append(m.Workspaces, pj.workspaces...)
	m.Lockfiles = append(m.Lockfiles, d.npmLocks(path.Dir(p))...)
	return m
}

type packageJSONFile struct {
	deps       []facts.Dependency
	workspaces []string
	// hasWorkspaces is true when a workspaces field exists, even empty.
	hasWorkspaces bool
	errLine       int
}

// readPackageJSON decodes what the collector needs from package.json. On
// a syntax error it returns what it read before it and the error's line.
func readPackageJSON(data []byte) (pj packageJSONFile, err error) {
	lines := newOffsetLines(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	defer func() {
		if err != nil {
			off := int(dec.InputOffset())
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = int(se.Offset)
			}
			pj.errLine = lines.line(max(off-1, 0))
		}
	}()
	tok, err := dec.Token()
	if err != nil {
		return pj, err
	}
	if tok != json.Delim('{') {
		return pj, errors.New("not a JSON object")
	}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return pj, err
		}
		key, _ := keyTok.(string)
		switch {
		case npmScopes[key] != "":
			if err := readNpmDeps(dec, lines, npmScopes[key], &pj.deps); err != nil {
				return pj, err
			}
		case key == "workspaces":
			pj.hasWorkspaces = true
			if pj.workspaces, err = readNpmWorkspaces(dec); err != nil {
				return pj, err
			}
		default:
			if err := skipJSONValue(dec); err != nil {
				return pj, err
			}
		}
	}
	_, err = dec.Token()
	return pj, err
}

func readNpmDeps(dec *json.Decoder, lines offsetLines, scope string, out *[]facts.Dependency) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return skipJSONRest(dec, tok)
	}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := keyTok.(string)
		line := lines.line(max(int(dec.InputOffset())-1, 0))
		val, err := dec.Token()
		if err != nil {
			return err
		}
		version, _ := val.(string)
		if err := skipJSONRest(dec, val); err != nil {
			return err
		}
		*out = append(*out, facts.Dependency{Name: name, Version: version, Scope: scope, Direct: true, Line: line})
	}
	_, err = dec.Token()
	return err
}

// readNpmWorkspaces reads "workspaces": [...] or {"packages": [...]}.
func readNpmWorkspaces(dec *json.Decoder) ([]string, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('['):
		return readJSONStrings(dec)
	case json.Delim('{'):
		var out []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			if k == "packages" {
				t, err := dec.Token()
				if err != nil {
					return nil, err
				}
				if t == json.Delim('[') {
					if out, err = readJSONStrings(dec); err != nil {
						return nil, err
					}
					continue
				}
				if err := skipJSONRest(dec, t); err != nil {
					return nil, err
				}
				continue
			}
			if err := skipJSONValue(dec); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token()
		return out, err
	}
	return nil, skipJSONRest(dec, tok)
}

// readJSONStrings reads the rest of an array whose '[' was consumed,
// keeping its string elements.
func readJSONStrings(dec *json.Decoder) ([]string, error) {
	var out []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if s, ok := t.(string); ok {
			out = append(out, s)
			continue
		}
		if err := skipJSONRest(dec, t); err != nil {
			return nil, err
		}
	}
	_, err := dec.Token()
	return out, err
}

func skipJSONValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return skipJSONRest(dec, tok)
}

// skipJSONRest consumes the rest of a value whose first token is tok.
func skipJSONRest(dec *json.Decoder, tok json.Token) error {
	delim, ok := tok.(json.Delim)
	if !ok || (delim != '{' && delim != '[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// npmRoot is what makes a directory a JavaScript workspace root.
type npmRoot struct {
	isRoot bool
	// globs are the member patterns; nil with isRoot means every folder
	// below (a pnpm-workspace.yaml without packages).
	globs []string
}

// npmLocks returns the lockfiles beside a package.json in dir, or those of
// the nearest workspace root above it that lists dir as a member.
func (d *depScan) npmLocks(dir string) []string {
	if locks := d.besides(dir, npmLockfiles...); len(locks) > 0 {
		return locks
	}
	for _, anc := range depAncestors(dir) {
		r := d.npmWorkspaceRoot(anc)
		if !r.isRoot {
			continue
		}
		if r.globs != nil && !depWorkspaceMatch(r.globs, depRelTo(anc, dir)) {
			continue
		}
		return d.besides(anc, npmLockfiles...)
	}
	return nil
}

// npmWorkspaceRoot reads the workspace declarations of dir: package.json
// workspaces, pnpm-workspace.yaml packages, lerna.json packages.
func (d *depScan) npmWorkspaceRoot(dir string) *npmRoot {
	if r, ok := d.npmRoots[dir]; ok {
		return r
	}
	r := &npmRoot{}
	d.npmRoots[dir] = r
	if p := path.Join(dir, "package.json"); d.t.Has(p) && !snapshot.IsFixturePath(p) {
		if data, err := d.t.Read(p); err == nil {
			if pj, err := readPackageJSON(data); err == nil && pj.hasWorkspaces {
				r.isRoot = true
				r.globs = append([]string{}, pj.workspaces...)
			}
		}
	}
	if p := path.Join(dir, "pnpm-workspace.yaml"); d.t.Has(p) {
		r.isRoot = true
		var ws struct {
			Packages []string `yaml:"packages"`
		}
		if data, err := d.t.Read(p); err == nil && yaml.Unmarshal(data, &ws) == nil && len(ws.Packages) > 0 {
			r.globs = append(r.globs, ws.Packages...)
		} else {
			r.globs = nil
		}
	}
	if p := path.Join(dir, "lerna.json"); d.t.Has(p) {
		var lj struct {
			Packages []string `json:"packages"`
		}
		if data, err := d.t.Read(p); err == nil && json.Unmarshal(data, &lj) == nil && len(lj.Packages) > 0 {
			r.isRoot = true
			r.globs = append(r.globs, lj.Packages...)
		}
	}
	return r
}
