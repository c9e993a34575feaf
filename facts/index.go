package facts

import (
	"cmp"
	"slices"
	"strings"

	"github.com/scoredev/score/internal/lazyre"
)

// commandDelims end a command word: the characters that may stand before a
// program name (start of a shell word, an operator, a quote, a path
// separator, an assignment) or after it (a version as in `tool@v1`).
// policies/lib/commands.rego matches a tool as a whole word between the
// same characters.
const commandDelims = " \t\r\n\v\f;&|()/\"'=@"

// commandExts are the suffixes of launchers and scripts that name the same
// tool: mvnw.cmd is mvnw, gradlew.bat is gradlew.
var commandExts = []string{".exe", ".cmd", ".bat", ".sh", ".ps1"}

// CommandWords indexes the command lines of jobs (their commands and
// reached lines; a line with the same text, path and line number is listed
// once) by every word on them, so that policies find the lines that may run
// a tool by looking its program name up. A word is a run of characters
// between commandDelims; a line is also listed under each word without a
// launcher extension (mvnw.cmd -> mvnw) and without a trailing version
// (python3.11 -> python, pip3 -> pip). Each word's lines are sorted by
// path, line and text.
func CommandWords(jobs []CIJob) map[string][]Command {
	index := map[string][]Command{}
	seen := map[Command]bool{}
	add := func(c Command) {
		if seen[c] {
			return
		}
		seen[c] = true
		var words []string
		for _, w := range strings.FieldsFunc(c.Run, func(r rune) bool { return strings.ContainsRune(commandDelims, r) }) {
			words = append(words, w)
			for _, ext := range commandExts {
				if base, ok := strings.CutSuffix(w, ext); ok && base != "" {
					words = append(words, base)
					w = base
					break
				}
			}
			if base := strings.TrimRight(w, "0123456789."); base != "" && base != w {
				words = append(words, base)
			}
		}
		slices.Sort(words)
		for _, w := range slices.Compact(words) {
			index[w] = append(index[w], c)
		}
	}
	for _, j := range jobs {
		for _, c := range j.Commands {
			add(c)
		}
		for _, c := range j.Reached {
			add(c)
		}
	}
	for _, lines := range index {
		slices.SortStableFunc(lines, func(a, b Command) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Run, b.Run))
		})
	}
	return index
}

// runtimeScopes are the usual scopes of dependencies that ship; anything
// else is looked at by nonRuntimeScope. Kept equal to runtime_scopes in
// policies/lib/deps.rego.
var runtimeScopes = map[string]bool{"": true, "runtime": true, "compile": true, "implementation": true, "api": true,
	"main": true, "default": true, "required": true, "provided": true, "optional": true, "peer": true,
	"runtimeOnly": true, "compileOnly": true}

var (
	nonRuntimeScopeRE = lazyre.New(`(?i)(^(dev|development|devdependencies|lint|docs?|build)$|test)`)
	pep503RE          = lazyre.New(`[-_.]+`)
)

// nonRuntimeScope holds for dependencies that do not ship with the
// service: test, development, lint, docs and build-time only.
func nonRuntimeScope(scope string) bool {
	return !runtimeScopes[scope] && nonRuntimeScopeRE.MatchString(scope)
}

// dependencyFamily groups ecosystems that share dependency names: Maven,
// Gradle and sbt all use "group:artifact".
func dependencyFamily(ecosystem string) string {
	if ecosystem == "maven" || ecosystem == "gradle" || ecosystem == "sbt" {
		return "jvm"
	}
	return ecosystem
}

// normalizeDependency lower-cases a name; PyPI names also fold runs of "-",
// "_" and "." into "-" (PEP 503), crate names "_" into "-" (crates.io
// treats them as one name).
func normalizeDependency(ecosystem, name string) string {
	switch ecosystem {
	case "pypi":
		return pep503RE.ReplaceAllString(strings.ToLower(name), "-")
	case "cargo":
		return strings.ReplaceAll(strings.ToLower(name), "_", "-")
	}
	return strings.ToLower(name)
}

// directDependency holds for a dependency the manifest declares itself. Go
// lists requirements it does not use directly (`// indirect`) and a Cargo
// workspace root lists [workspace.dependencies] for its members to
// inherit; every other manifest lists declared dependencies only. Kept
// equal to direct in policies/lib/deps.rego.
func directDependency(ecosystem string, direct bool) bool {
	return direct || (ecosystem != "go" && ecosystem != "cargo")
}

// DependencyFamilies groups the manifests' dependency names by ecosystem
// family, normalised, the way policies/lib/deps.rego did per evaluation:
// Runtime holds direct dependencies (see directDependency) of a shipping
// scope, and for each Cargo feature they enable also "name[feature]"
// ("tracing-subscriber[json]"); All every dependency and plugin.
func DependencyFamilies(manifests []Manifest) map[string]DependencyFamily {
	runtime := map[string]map[string]bool{}
	all := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, fam, name string) {
		if m[fam] == nil {
			m[fam] = map[string]bool{}
		}
		m[fam][name] = true
	}
	for _, m := range manifests {
		fam := dependencyFamily(m.Ecosystem)
		for _, d := range m.Dependencies {
			name := normalizeDependency(m.Ecosystem, d.Name)
			add(all, fam, name)
			if directDependency(m.Ecosystem, d.Direct) && !nonRuntimeScope(d.Scope) {
				add(runtime, fam, name)
				for _, feat := range d.Features {
					add(runtime, fam, name+"["+strings.ToLower(feat)+"]")
				}
			}
		}
		for _, d := range m.Plugins {
			add(all, fam, normalizeDependency(m.Ecosystem, d.Name))
		}
	}
	sorted := func(set map[string]bool) []string {
		out := make([]string, 0, len(set))
		for n := range set {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	out := map[string]DependencyFamily{}
	for fam, names := range all {
		out[fam] = DependencyFamily{Runtime: sorted(runtime[fam]), All: sorted(names)}
	}
	return out
}
