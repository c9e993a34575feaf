package deps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// composerScopes maps composer.json dependency keys to scopes.
var composerScopes = map[string]string{"require": "runtime", "require-dev": "dev"}

// composerPlatform are requirements on the PHP platform, not packages:
// php, php-64bit, hhvm, ext-*, lib-*, composer-plugin-api, composer-runtime-api.
var composerPlatform = lazyre.New(`^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$`)

// composer reads require (runtime) and require-dev (dev) of a
// composer.json, leaving out platform requirements. The lockfile is the
// composer.lock beside it; one ignored by .gitignore is not in the tree
// and so not found.
func (d *depScan) composer(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "composer", "composer.json")
	deps, errLine, err := readComposerJSON(data)
	if err != nil {
		d.warn(p, data, errLine, fmt.Sprintf("parse composer.json: %v", err))
	}
	m.Dependencies = append(m.Dependencies, deps...)
	m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(p), "composer.lock")...)
	return m
}

// readComposerJSON decodes the require blocks with the line of each key.
// On a syntax error it returns what it read before it and the error's line.
func readComposerJSON(data []byte) (deps []facts.Dependency, errLine int, err error) {
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
			errLine = lines.line(max(off-1, 0))
		}
	}()
	tok, err := dec.Token()
	if err != nil {
		return nil, 0, err
	}
	if tok != json.Delim('{') {
		return nil, 0, errors.New("not a JSON object")
	}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return deps, 0, err
		}
		key, _ := keyTok.(string)
		if scope := composerScopes[key]; scope != "" {
			var all []facts.Dependency
			if err := readNpmDeps(dec, lines, scope, &all); err != nil {
				return deps, 0, err
			}
			for _, dep := range all {
				if !composerPlatform.MatchString(strings.ToLower(dep.Name)) {
					deps = append(deps, dep)
				}
			}
			continue
		}
		if err := skipJSONValue(dec); err != nil {
			return deps, 0, err
		}
	}
	_, err = dec.Token()
	return deps, 0, err
}

var (
	// mixDepsFun opens the function listing dependencies: `defp deps do`
	// (or `def deps`, `defp deps()`).
	mixDepsFun = lazyre.New(`(?m)^\s*defp?\s+deps\s*(\(\s*\))?\s*do\b`)
	// mixDep is a dependency tuple `{:name, "~> 1.0", only: :test}`.
	mixDep = lazyre.New(`\{\s*:([a-z_][a-zA-Z0-9_]*)\s*(?:,\s*"([^"]*)")?([^{}]*)\}`)
	// mixOnly is the only: option, `:test` or `[:dev, :test]`.
	mixOnly = lazyre.New(`\bonly:\s*(\[[^\]]*\]|:\w+)`)
	// mixLockfile is the project's `lockfile: "../../mix.lock"` option.
	mixLockfile = lazyre.New(`\blockfile:\s*"([^"]+)"`)
	// mixUmbrella is an umbrella root's `apps_path: "apps"`.
	mixUmbrella = lazyre.New(`\bapps_path:\s*"([^"]+)"`)
	// mixBlockWord finds block keywords, skipping strings and comments.
	mixBlockWord = lazyre.New(`\b(do|fn|end)\b|"(?:[^"\\]|\\.)*"|#[^\n]*`)
)

// mix reads the dependency tuples of a mix.exs `deps` function: only:
// environments without :prod make the scope those environments
// ("dev,test"), else runtime. The lockfile is mix.lock beside it, the one
// named by `lockfile:`, or the umbrella root's (linkMixLocks).
func (d *depScan) mix(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "hex", "mix.exs")
	dir := path.Dir(p)
	m.Lockfiles = append(m.Lockfiles, d.besides(dir, "mix.lock")...)
	if l := mixLockfile.FindSubmatch(data); l != nil && len(m.Lockfiles) == 0 {
		m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(path.Clean(path.Join(dir, string(l[1])))), path.Base(string(l[1])))...)
	}
	if u := mixUmbrella.FindSubmatch(data); u != nil {
		m.Workspaces = append(m.Workspaces, strings.TrimSuffix(string(u[1]), "/")+"/*")
	}
	loc := mixDepsFun.FindIndex(data)
	if loc == nil {
		return m
	}
	body := data[loc[1]:]
	if end := mixFunctionEnd(body); end >= 0 {
		body = body[:end]
	}
	body = elixirBlankComments(body)
	lines := newOffsetLines(data)
	for _, g := range mixDep.FindAllSubmatchIndex(body, -1) {
		name := string(body[g[2]:g[3]])
		dep := facts.Dependency{Name: name, Scope: "runtime", Direct: true, Line: lines.line(loc[1] + g[0])}
		if g[4] >= 0 {
			dep.Version = string(body[g[4]:g[5]])
		}
		opts := body[g[6]:g[7]]
		if o := mixOnly.FindSubmatch(opts); o != nil {
			envs := rubySymbol.FindAllString(string(o[1]), -1)
			if !strings.Contains(","+strings.Join(envs, ",")+",", ",prod,") {
				dep.Scope = rubyGroupScope(envs)
			}
		}
		m.Dependencies = append(m.Dependencies, dep)
	}
	return m
}

// mixFunctionEnd returns the offset of the `end` closing a function body
// that starts just after its `do`, counting nested do/fn ... end blocks;
// -1 when it is not closed.
func mixFunctionEnd(body []byte) int {
	depth := 1
	for _, loc := range mixBlockWord.FindAllIndex(body, -1) {
		switch string(body[loc[0]:loc[1]]) {
		case "do", "fn":
			depth++
		case "end":
			depth--
			if depth == 0 {
				return loc[0]
			}
		}
	}
	return -1
}

// linkMixLocks gives the apps of an umbrella project without a lockfile of
// their own the umbrella root's mix.lock.
func (d *depScan) linkMixLocks() {
	for _, root := range d.manifests {
		if root.Ecosystem != "hex" || len(root.Workspaces) == 0 {
			continue
		}
		rootDir := path.Dir(root.Path)
		for _, m := range d.manifests {
			if m.Ecosystem != "hex" || m == root || len(m.Lockfiles) > 0 {
				continue
			}
			rel := depRelTo(rootDir, path.Dir(m.Path))
			if rootDir != "." && !strings.HasPrefix(path.Dir(m.Path), rootDir+"/") {
				continue
			}
			if depWorkspaceMatch(root.Workspaces, rel) {
				m.Lockfiles = append(m.Lockfiles, root.Lockfiles...)
			}
		}
	}
}

// elixirBlankComments returns a copy of src with # comments outside strings
// replaced by spaces, so that offsets (and lines) stay where they were.
func elixirBlankComments(src []byte) []byte {
	out := bytes.Clone(src)
	inStr, inComment := false, false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inComment:
			if c == '\n' {
				inComment = false
			} else {
				out[i] = ' '
			}
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '#':
			inComment = true
			out[i] = ' '
		}
	}
	return out
}
