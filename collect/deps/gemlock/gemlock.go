// Package gemlock parses Bundler lockfiles (Gemfile.lock, gems.locked): a
// pure parser (bytes in, the direct dependencies, the locked versions and
// the Ruby and Bundler versions out) that the deps collector turns into
// facts. See docs/architecture.md, "Adding an ecosystem".
package gemlock

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/scoredev/score/internal/lazyre"
)

// Dependency is an entry of the DEPENDENCIES section: a gem the Gemfile
// (or a gemspec it loads) declares directly.
type Dependency struct {
	Name string
	// Constraint is the requirement as written ("~> 7.2.1"), or "".
	Constraint string
	// Source is true for a gem from a path, git or plugin source, written
	// with a trailing "!".
	Source bool
	Line   int
}

// Lock is what Parse reads from a lockfile.
type Lock struct {
	Dependencies []Dependency
	// Specs maps each locked gem to its version (platform suffix cut), from
	// the specs of every source (GEM, PATH, GIT, PLUGIN SOURCE).
	Specs map[string]string
	// RubyVersion is the RUBY VERSION section ("3.3.5p100"), or "".
	RubyVersion string
	RubyLine    int
	// BundledWith is the BUNDLED WITH section, or "".
	BundledWith string
}

// SyntaxError is where a lockfile stops parsing; what was read before it is
// kept.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var (
	// entry is `name`, `name!` or `name (requirement)` / `name (version)`.
	entry = lazyre.New(`^([A-Za-z0-9][A-Za-z0-9._-]*)(!)?(?: \(([^()]*)\))?(!)?$`)
	// sourceSections hold `specs:` of locked gems.
	sourceSections = map[string]bool{"GEM": true, "PATH": true, "GIT": true, "PLUGIN SOURCE": true}
)

// Parse reads a Bundler lockfile. Sections it does not know (PLATFORMS,
// CHECKSUMS, ...) are skipped; a malformed entry in DEPENDENCIES or specs,
// a tab indentation or a merge-conflict marker stops it with the line.
func Parse(data []byte) (Lock, *SyntaxError) {
	lock := Lock{Specs: map[string]string{}}
	section := ""
	inSpecs := false
	n := 0
	for len(data) > 0 {
		var raw []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			raw, data = data[:i], data[i+1:]
		} else {
			raw, data = data, nil
		}
		n++
		line := strings.TrimRight(string(raw), " \r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		for _, marker := range []string{"<<<<<<<", "=======", ">>>>>>>"} {
			if strings.HasPrefix(line, marker) {
				return lock, &SyntaxError{n, "unresolved merge conflict"}
			}
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if strings.ContainsRune(line[:indent], '\t') {
			return lock, &SyntaxError{n, "indented with a tab; Bundler writes spaces"}
		}
		text := line[indent:]
		if indent == 0 {
			section, inSpecs = text, false
			continue
		}
		switch {
		case section == "DEPENDENCIES":
			if indent != 2 {
				continue
			}
			m := entry.FindStringSubmatch(text)
			if m == nil {
				return lock, &SyntaxError{n, fmt.Sprintf("DEPENDENCIES entry %q is not `name (requirement)`", text)}
			}
			lock.Dependencies = append(lock.Dependencies, Dependency{Name: m[1], Constraint: m[3], Source: m[2] != "" || m[4] != "", Line: n})
		case sourceSections[section]:
			if indent == 2 {
				inSpecs = text == "specs:"
				continue
			}
			if !inSpecs || indent != 4 {
				continue // a spec's own dependencies (indent 6)
			}
			m := entry.FindStringSubmatch(text)
			if m == nil || m[3] == "" {
				return lock, &SyntaxError{n, fmt.Sprintf("spec %q is not `name (version)`", text)}
			}
			if _, ok := lock.Specs[m[1]]; !ok {
				lock.Specs[m[1]] = specVersion(m[3])
			}
		case section == "RUBY VERSION":
			if v, ok := strings.CutPrefix(text, "ruby "); ok && lock.RubyVersion == "" {
				lock.RubyVersion, lock.RubyLine = strings.TrimSpace(v), n
			}
		case section == "BUNDLED WITH":
			if lock.BundledWith == "" {
				lock.BundledWith = text
			}
		}
	}
	return lock, nil
}

// specVersion cuts the platform from a locked version: "1.16.6-x86_64-linux"
// is 1.16.6 (a version's own segments never start with a letter after a
// "-": pre-releases are written "1.0.0.pre1").
func specVersion(v string) string {
	if i := strings.IndexByte(v, '-'); i > 0 {
		return v[:i]
	}
	return v
}
