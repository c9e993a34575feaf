package deps

import (
	"path"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

var (
	// sbtModule is a module ID `"group" %% "artifact" % version`, with an
	// optional `% Test` / `% "test"` configuration after it.
	sbtModule = lazyre.New(`"([^"\s]+)"\s*(%%%|%%|%)\s*"([^"\s]+)"\s*%\s*("[^"]*"|[\w.]+)(?:\s*%\s*"?([A-Za-z][\w-]*)"?)?`)
	// sbtPlugin is `addSbtPlugin(<module>)` in project/*.sbt.
	sbtPlugin = lazyre.New(`addSbtPlugin\s*\(`)
)

// sbtLockfiles are the lockfiles the sbt lock plugins write beside a
// build.sbt: sbt-dependency-lock's build.sbt.lock and sbt-lock's lock.sbt.
var sbtLockfiles = []string{"build.sbt.lock", "lock.sbt"}

// isSbtFile matches build.sbt, the .sbt files of project/ (plugins.sbt)
// and the Scala sources of project/ where builds keep their module IDs
// (project/Dependencies.scala).
func isSbtFile(p, base string) bool {
	if base == "build.sbt" {
		return true
	}
	inProject := path.Base(path.Dir(p)) == "project" && !strings.Contains("/"+p, "/src/")
	return inProject && (strings.HasSuffix(base, ".sbt") || strings.HasSuffix(base, ".scala"))
}

// sbt reads the module IDs of a build.sbt (or project/*.sbt) as
// "group:artifact" - the Scala-version suffix %% adds at resolution is not
// part of the name - with `% Test` (or "test", "it", IntegrationTest) as
// scope test and `% Provided` as provided; modules inside addSbtPlugin(...)
// are plugins. Comment lines are skipped. sbt has no lockfile of its own;
// the lock plugins write one beside the build: sbt-dependency-lock
// build.sbt.lock (in each project's base directory), sbt-lock lock.sbt.
func (d *depScan) sbt(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "sbt", path.Base(p))
	if path.Base(p) == "build.sbt" {
		m.Lockfiles = append(m.Lockfiles, d.besides(path.Dir(p), sbtLockfiles...)...)
	}
	lines := newOffsetLines(data)
	text := sbtBlankComments(data)
	plugins := sbtPlugin.FindAllIndex(text, -1)
	for _, g := range sbtModule.FindAllSubmatchIndex(text, -1) {
		name := string(text[g[2]:g[3]]) + ":" + string(text[g[6]:g[7]])
		version := strings.Trim(string(text[g[8]:g[9]]), `"`)
		scope := "runtime"
		if g[10] >= 0 {
			switch c := strings.ToLower(string(text[g[10]:g[11]])); {
			case strings.Contains(c, "test") || c == "it":
				scope = "test"
			case c == "provided":
				scope = "provided"
			case c == "compile" || c == "runtime":
			default:
				scope = c
			}
		}
		dep := facts.Dependency{Name: name, Version: version, Scope: scope, Direct: true, Line: lines.line(g[0])}
		inPlugin := false
		for _, pl := range plugins {
			if pl[1] <= g[0] && !strings.Contains(string(text[pl[1]:g[0]]), ")") {
				inPlugin = true
			}
		}
		if inPlugin {
			dep.Scope = "build"
			m.Plugins = append(m.Plugins, dep)
			continue
		}
		m.Dependencies = append(m.Dependencies, dep)
	}
	if path.Base(p) != "build.sbt" && len(m.Dependencies) == 0 && len(m.Plugins) == 0 {
		return nil // a project/ file that declares no module
	}
	return m
}

// sbtBlankComments replaces // line comments outside strings with spaces.
func sbtBlankComments(src []byte) []byte {
	out := append([]byte(nil), src...)
	inStr := false
	for i := 0; i < len(out); i++ {
		switch c := out[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' || c == '\n' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		}
	}
	return out
}
