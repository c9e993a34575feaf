package deps

import (
	"errors"
	"fmt"
	"path"
	"strconv"

	"golang.org/x/mod/modfile"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// goMod reads a go.mod: every require with its line, `// indirect` ones as
// not direct, and `tool` directives as plugins. The lockfile is go.sum
// beside it.
func (d *depScan) goMod(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "go", "go.mod")
	m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(p), "go.sum")...)
	mf, err := parseGoModSafe(p, data)
	if err != nil {
		d.warn(p, data, goModErrLine(err), fmt.Sprintf("parse go.mod: %v", goModErrMsg(err)))
		if mf == nil {
			return m
		}
	}
	for _, r := range mf.Require {
		m.Dependencies = append(m.Dependencies, facts.Dependency{
			Name: r.Mod.Path, Version: r.Mod.Version, Scope: "runtime",
			Direct: !r.Indirect, Line: goSyntaxLine(r.Syntax),
		})
	}
	for _, tl := range mf.Tool {
		m.Plugins = append(m.Plugins, facts.Dependency{Name: tl.Path, Scope: "tool", Direct: true, Line: goSyntaxLine(tl.Syntax)})
	}
	return m
}

// parseGoModSafe parses strictly, falls back to the lax parser used for
// dependencies' go.mod files, and turns a parser panic into an error.
func parseGoModSafe(p string, data []byte) (mf *modfile.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			mf, err = nil, fmt.Errorf("go.mod parser: %v", r)
		}
	}()
	// Versions are kept as written; a non-canonical one is not our concern.
	asWritten := func(_, v string) (string, error) { return v, nil }
	mf, err = modfile.Parse(p, data, asWritten)
	if err == nil {
		return mf, nil
	}
	if lax, laxErr := modfile.ParseLax(p, data, asWritten); laxErr == nil {
		return lax, err
	}
	return nil, err
}

func goSyntaxLine(l *modfile.Line) int {
	if l == nil || l.Start.Line < 1 {
		return 1
	}
	return l.Start.Line
}

var goModPosRe = lazyre.New(`^[^\n]*?:(\d+)(?::\d+)?: `)

// goModErrLine finds the line an x/mod error is about.
func goModErrLine(err error) int {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Pos.Line
	}
	var e *modfile.Error
	if errors.As(err, &e) {
		return e.Pos.Line
	}
	if m := goModPosRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// goModErrMsg keeps the first error's message without the file:line
// prefix, which the warning carries separately.
func goModErrMsg(err error) string {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 && list[0].Err != nil {
		return list[0].Err.Error()
	}
	var e *modfile.Error
	if errors.As(err, &e) && e.Err != nil {
		return e.Err.Error()
	}
	return goModPosRe.ReplaceAllString(err.Error(), "")
}
