package deps

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/scoredev/score/collect/deps/gemlock"
	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

var (
	// gemLine is `gem "name"` with what follows it on the line.
	gemLine = lazyre.New(`^gem\s*\(?\s*["']([^"']+)["']\s*(.*)$`)
	// gemVersion is the first version string after the name.
	gemVersion = lazyre.New(`^,\s*["']([^"']+)["']`)
	// gemGroupOpt is `group: :test`, `groups: [:development, :test]` or
	// `:group => :test` on a gem line.
	gemGroupOpt = lazyre.New(`(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:?["']?\w+["']?)`)
	// gemPathOpt is `path: "engines/billing"` on a gem line.
	gemPathOpt = lazyre.New(`(?:\bpath:|:path\s*=>)\s*["']([^"']+)["']`)
	// gemGroupBlock opens `group :development, :test do`.
	gemGroupBlock = lazyre.New(`^group\s*\(?\s*((?::?["']?\w+["']?\s*,?\s*)+)\)?\s*(?:,\s*\w+:.*)?\bdo\b`)
	rubySymbol    = lazyre.New(`\w+`)
	// rubyBlockOpen are lines that open a block closed by `end`.
	rubyBlockOpen = lazyre.New(`(\bdo\s*(\|[^|]*\|)?\s*$)|^(if|unless|case|while|until|begin|def|class|module)\b`)
)

// rubyLogicalLines yields the lines of a Ruby file without comments,
// trimmed, with their 1-based numbers.
func rubyLogicalLines(data []byte, fn func(n int, line string)) {
	textutil.TxtLines(data, func(n int, raw []byte) bool {
		fn(n, strings.TrimSpace(rubyStripComment(string(raw))))
		return true
	})
}

// rubyStripComment cuts a # comment that is outside a string.
func rubyStripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return s[:i]
		}
	}
	return s
}

// rubyGroupScope turns Bundler groups into a scope: "runtime" for the
// default group, else the groups joined with "," ("development,test").
func rubyGroupScope(groups []string) string {
	if len(groups) == 0 {
		return "runtime"
	}
	g := slices.Clone(groups)
	slices.Sort(g)
	return strings.Join(slices.Compact(g), ",")
}

// gemfile reads a Gemfile (or gems.rb): each `gem` with its version and
// Bundler groups, from `group ... do` blocks and `group:` options. The
// lockfile is Gemfile.lock (gems.locked). `gemspec` and `path:` gems are
// remembered so that the gemspecs they load share this lockfile.
func (d *depScan) gemfile(p string, data []byte) *facts.Manifest {
	dir := path.Dir(p)
	m := newManifest(p, "rubygems", "Gemfile")
	lock := "Gemfile.lock"
	if strings.EqualFold(path.Base(p), "gems.rb") {
		m.Kind, lock = "gems.rb", "gems.locked"
	}
	m.Lockfiles = append(m.Lockfiles, d.besides(dir, lock)...)
	// stack holds the groups each open block adds (nil for other blocks).
	var stack [][]string
	rubyLogicalLines(data, func(n int, line string) {
		switch {
		case line == "":
			return
		case line == "end" || strings.HasPrefix(line, "end ") || strings.HasPrefix(line, "end."):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			return
		}
		if g := gemGroupBlock.FindStringSubmatch(line); g != nil {
			stack = append(stack, rubySymbol.FindAllString(g[1], -1))
			return
		}
		if line == "gemspec" || strings.HasPrefix(line, "gemspec ") || strings.HasPrefix(line, "gemspec(") {
			d.gemLocks[dir] = append(d.gemLocks[dir], m.Lockfiles...)
		}
		if g := gemLine.FindStringSubmatch(line); g != nil {
			var groups []string
			for _, s := range stack {
				groups = append(groups, s...)
			}
			if o := gemGroupOpt.FindStringSubmatch(g[2]); o != nil {
				groups = append(groups, rubySymbol.FindAllString(o[1], -1)...)
			}
			dep := facts.Dependency{Name: g[1], Scope: rubyGroupScope(groups), Direct: true, Line: n}
			if v := gemVersion.FindStringSubmatch(g[2]); v != nil {
				dep.Version = v[1]
			}
			if pp := gemPathOpt.FindStringSubmatch(g[2]); pp != nil {
				target := path.Clean(path.Join(dir, pp[1]))
				d.gemLocks[target] = append(d.gemLocks[target], m.Lockfiles...)
			}
			m.Dependencies = append(m.Dependencies, dep)
			return
		}
		if rubyBlockOpen.MatchString(line) {
			stack = append(stack, nil)
		}
	})
	return m
}

// gemspecDep is `spec.add_dependency "name", "~> 1.0"` and its runtime and
// development forms.
var gemspecDep = lazyre.New(`\.add_(runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["']\s*(?:,\s*["']([^"']+)["'])?`)

// gemspec reads a .gemspec: add_dependency and add_runtime_dependency are
// runtime, add_development_dependency dev. A gem's lockfile is the
// Gemfile.lock of the Gemfile that loads it (`gemspec`, or `gem ...,
// path:` from an application that mounts an engine); the dependency
// lockfile check does not judge gemspecs, which declare ranges for the
// applications that lock them.
func (d *depScan) gemspec(p string, data []byte) *facts.Manifest {
	m := newManifest(p, "rubygems", "gemspec")
	rubyLogicalLines(data, func(n int, line string) {
		for _, g := range gemspecDep.FindAllStringSubmatch(line, -1) {
			scope := "runtime"
			if g[1] == "development_" {
				scope = "dev"
			}
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: g[2], Version: g[3], Scope: scope, Direct: true, Line: n})
		}
	})
	return m
}

// linkGemLocks gives each gemspec the lockfiles of the Gemfiles that load
// it, once every Gemfile has been read.
func (d *depScan) linkGemLocks() {
	for _, m := range d.manifests {
		if m.Ecosystem != "rubygems" || m.Kind != "gemspec" {
			continue
		}
		dir := path.Dir(m.Path)
		locks := d.besides(dir, "Gemfile.lock", "gems.locked")
		locks = append(locks, d.gemLocks[dir]...)
		for _, l := range locks {
			if !slices.Contains(m.Lockfiles, l) {
				m.Lockfiles = append(m.Lockfiles, l)
			}
		}
	}
}

// gemfileLock parses a Gemfile.lock (gems.locked) and keeps it for
// gemLockExtras; a lockfile is not a manifest of its own unless it lists
// direct dependencies its Gemfile does not show. A malformed lockfile is
// warned about with its line and otherwise ignored.
func (d *depScan) gemfileLock(p string, data []byte) *facts.Manifest {
	lock, err := gemlock.Parse(data)
	if err != nil {
		d.warn(p, data, err.Line, "parse "+path.Base(p)+": "+err.Msg)
		return nil
	}
	d.gemLockDocs[p] = lock
	return nil
}

// gemLockExtras turns the DEPENDENCIES of each Bundler lockfile that no
// Gemfile or gemspec of its directory declares in a form read here (gems
// added by eval_gemfile, in a loop, or by a Gemfile that is missing) into
// a manifest of kind Gemfile.lock, with the locked versions. Gems from
// path and git sources ("name!") are the application's own and are left
// out. The lockfile does not record Bundler groups: these count as
// runtime dependencies.
func (d *depScan) gemLockExtras() {
	var extra []*facts.Manifest
	for _, p := range slices.Sorted(maps.Keys(d.gemLockDocs)) {
		lock := d.gemLockDocs[p]
		dir := path.Dir(p)
		declared := map[string]bool{}
		for _, m := range d.manifests {
			if m.Ecosystem == "rubygems" && path.Dir(m.Path) == dir {
				for _, dep := range m.Dependencies {
					declared[strings.ToLower(dep.Name)] = true
				}
			}
		}
		m := newManifest(p, "rubygems", "Gemfile.lock")
		m.Lockfiles = append(m.Lockfiles, p)
		for _, dep := range lock.Dependencies {
			if dep.Source || declared[strings.ToLower(dep.Name)] {
				continue
			}
			m.Dependencies = append(m.Dependencies, facts.Dependency{Name: dep.Name, Version: lock.Specs[dep.Name], Scope: "runtime", Direct: true, Line: dep.Line})
		}
		if len(m.Dependencies) > 0 {
			extra = append(extra, m)
		}
	}
	d.manifests = append(d.manifests, extra...)
}
