// Package archtest checks the import boundaries that docs/architecture.md
// describes, on the dependency graph `go list -deps -test` reports. The rules
// are data (Rules); Check applies them to any graph, so a test can show that
// a deliberately wrong import is caught.
package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
)

// Rule forbids packages matching From (and their tests) from depending,
// directly or not, on any package matching one of Forbid. Patterns are
// relative to the module ("collect/...", "reports") or absolute import paths
// of other modules ("github.com/go-git/go-git/v5/..."); "..." matches the
// package and everything below it.
type Rule struct {
	From   string
	Forbid []string
	// Allow names packages that may be used although they match Forbid,
	// together with everything they depend on.
	Allow []string
	Why   string
}

// gitignore is go-git's .gitignore parser: the snapshot reads ignore rules
// with it. It is a file-format parser that links no git transport or object
// store, so it is the one part of go-git the collector side may use.
const gitignore = "github.com/go-git/go-git/v5/plumbing/format/gitignore"

// Rules are the boundaries of docs/architecture.md.
var Rules = []Rule{
	{From: "collect/...", Forbid: []string{"source/...", "app/...", "github.com/go-git/go-git/v5/...", "gitlab.com/gitlab-org/api/client-go/..."},
		Allow: []string{gitignore},
		Why:   "collectors read a snapshot; fetching repositories is the source side's job"},
	{From: "snapshot/...", Forbid: []string{"source/...", "engine/...", "scorecard/...", "history/...", "app/...", "github.com/go-git/go-git/v5/...", "gitlab.com/gitlab-org/api/client-go/..."},
		Allow: []string{gitignore},
		Why:   "the snapshot is below the engine and the scorecards, and knows no git"},
	{From: "facts/...", Forbid: []string{"snapshot/...", "collect/...", "source/...", "engine/...", "scorecard/...", "history/...", "app/..."},
		Why: "the facts model depends on nothing of the pipeline"},
	{From: "collect/...", Forbid: []string{"engine/...", "scorecard/...", "history/..."},
		Why: "collectors observe; judging is the engine's and the scorecards' job"},
	{From: "reports/...", Forbid: []string{"history/...", "modernc.org/sqlite/..."},
		Why: "rendering a scan needs no database"},
	{From: "scorecard/...", Forbid: []string{"history/...", "modernc.org/sqlite/..."},
		Why: "the scorecard model is plain data; the SQLite store is history's"},
	{From: "...", Forbid: []string{"cmd/..."},
		Why: "libraries never import the command line"},
}

// Graph maps a package (test variants folded into their package) to every
// package it depends on, directly or not. It holds the module's packages
// and the packages they depend on.
type Graph map[string][]string

// Load runs `go list -deps -test` in dir over patterns and returns the module
// path and the dependency graph of the module's own packages.
func Load(dir string, patterns ...string) (string, Graph, error) {
	mod, err := goList(dir, "list", "-m")
	if err != nil {
		return "", nil, err
	}
	module := strings.TrimSpace(string(mod))
	out, err := goList(dir, append([]string{"list", "-e", "-deps", "-test", "-json=ImportPath,Deps,Module,Error"}, patterns...)...)
	if err != nil {
		return "", nil, err
	}
	g := Graph{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Deps       []string
			Module     *struct{ Path string }
			Error      *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return "", nil, fmt.Errorf("go list output: %w", err)
		}
		if p.Error != nil {
			return "", nil, fmt.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		name := p.ImportPath
		if p.Module != nil && p.Module.Path == module {
			name = fold(name)
		}
		for _, d := range p.Deps {
			g[name] = append(g[name], fold(d))
		}
		if _, ok := g[name]; !ok {
			g[name] = nil
		}
	}
	return module, g, nil
}

func goList(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

// fold maps test variants onto their package: "p [p.test]", "p_test" and
// "p.test" are all p.
func fold(path string) string {
	if i := strings.Index(path, " ["); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimSuffix(path, ".test")
	return strings.TrimSuffix(path, "_test")
}

func within(path, module string) bool {
	return path == module || strings.HasPrefix(path, module+"/")
}

// match reports whether path matches pattern, read relative to module
// unless it names another module.
func match(pattern, module, path string) bool {
	full := pattern
	if pattern == "..." {
		return within(path, module)
	}
	if !strings.Contains(strings.SplitN(pattern, "/", 2)[0], ".") {
		full = module + "/" + pattern
	}
	if base, ok := strings.CutSuffix(full, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == full
}

// Check returns one line per forbidden dependency, sorted; none means the
// graph keeps every rule.
func Check(module string, g Graph, rules []Rule) []string {
	var bad []string
	seen := map[string]bool{}
	for pkg, deps := range g {
		if !within(pkg, module) {
			continue
		}
		for _, r := range rules {
			if !match(r.From, module, pkg) {
				continue
			}
			allowed := map[string]bool{}
			for _, a := range r.Allow {
				allowed[a] = true
				for _, d := range g[a] {
					allowed[d] = true
				}
			}
			for _, d := range deps {
				if d == pkg || allowed[d] {
					continue
				}
				for _, f := range r.Forbid {
					if match(f, module, d) && !(r.From == "..." && match(f, module, pkg)) {
						line := fmt.Sprintf("%s imports %s: %s", strings.TrimPrefix(pkg, module+"/"), d, r.Why)
						if !seen[line] {
							seen[line] = true
							bad = append(bad, line)
						}
					}
				}
			}
		}
	}
	sort.Strings(bad)
	return bad
}
