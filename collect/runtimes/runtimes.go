// Package runtimes finds the language runtimes and base distributions a
// service declares. Whether each is still supported is judged by policy.
package runtimes

import (
	"bytes"
	"context"
	"encoding/json"
	"path"
	"sort"
	"strings"

	"github.com/scoredev/score/collect/deps/gemlock"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Collector finds the language runtimes and base distributions a
// service declares (Facts.Runtimes): go.mod go/toolchain, Maven compiler
// release and Gradle toolchains, Node engines/.nvmrc/.node-version,
// Python requires-python/.python-version, Ruby .ruby-version/Gemfile/the
// RUBY VERSION of Gemfile.lock,
// .NET TargetFramework, composer.json require.php, and the FROM images of
// Dockerfiles (node, python, golang, ruby, php, Java and .NET images,
// alpine, debian, ubuntu). It runs after the dockerfile collector. Whether a
// runtime is still supported is judged by policy, never here.
type Collector struct{}

func (Collector) Name() string { return "runtimes" }

var (
	rtGoRe          = lazyre.New(`^go\s+(\d+\.\d+(?:\.\d+)?)\s*(?://.*)?$`)
	rtToolchainRe   = lazyre.New(`^toolchain\s+go(\d+\.\d+(?:\.\d+)?)`)
	rtMavenRe       = lazyre.New(`<(maven\.compiler\.release|maven\.compiler\.target|maven\.compiler\.source|java\.version|release)>\s*([0-9.]+)\s*</`)
	rtGradleRe      = lazyre.New(`JavaLanguageVersion\.of\(\s*"?(\d+)"?\s*\)|(?:sourceCompatibility|targetCompatibility|jvmTarget)\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?(\d+)|['"]?(?:1\.)?(\d+)['"]?)|jvmToolchain\(\s*(\d+)\s*\)`)
	rtRequiresPyRe  = lazyre.New(`^\s*(requires-python|python)\s*=\s*["']([^"']+)["']`)
	rtGemfileRe     = lazyre.New(`^\s*ruby\s+["']([^"']+)["']`)
	rtTargetFwRe    = lazyre.New(`<TargetFrameworks?>\s*([^<]+?)\s*</TargetFrameworks?>`)
	rtVersionNumRe  = lazyre.New(`(\d+)(?:\.(\d+))?(?:\.(\d+))?`)
	rtDotnetCycleRe = lazyre.New(`^net(?:coreapp)?(\d+\.\d+)`)
)

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	var out []facts.Runtime
	add := func(name, version, p string, line int, source string) {
		if c := runtimeCycle(name, version); c != "" {
			out = append(out, facts.Runtime{Name: name, Version: version, Cycle: c, Path: p, Line: line, Source: source})
		}
	}
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if snapshot.IsFixturePath(p) || isVendored(p) {
			continue
		}
		base := path.Base(p)
		lower := strings.ToLower(base)
		switch {
		case base == "go.mod":
			forLines(t, p, func(n int, l string) {
				if m := rtGoRe.FindStringSubmatch(l); m != nil {
					add("go", m[1], p, n, "go.mod go")
				}
				if m := rtToolchainRe.FindStringSubmatch(l); m != nil {
					add("go", m[1], p, n, "go.mod toolchain")
				}
			})
		case base == "pom.xml":
			forLines(t, p, func(n int, l string) {
				if m := rtMavenRe.FindStringSubmatch(l); m != nil {
					add("java", m[2], p, n, "maven")
				}
			})
		case base == "build.gradle" || base == "build.gradle.kts":
			forLines(t, p, func(n int, l string) {
				if m := rtGradleRe.FindStringSubmatch(l); m != nil {
					add("java", firstNonEmpty(m[1:]...), p, n, "gradle")
				}
			})
		case base == "package.json":
			if v, line, ok := jsonStringAt(t, p, []string{"engines", "node"}); ok {
				add("nodejs", v, p, line, "package.json engines")
			}
		case base == ".nvmrc" || base == ".node-version":
			if v, line, ok := firstLine(t, p); ok {
				add("nodejs", v, p, line, base)
			}
		case base == "pyproject.toml":
			forLines(t, p, func(n int, l string) {
				if m := rtRequiresPyRe.FindStringSubmatch(l); m != nil {
					add("python", m[2], p, n, "pyproject "+m[1])
				}
			})
		case base == ".python-version":
			if v, line, ok := firstLine(t, p); ok {
				add("python", v, p, line, base)
			}
		case base == ".ruby-version":
			if v, line, ok := firstLine(t, p); ok {
				add("ruby", strings.TrimPrefix(v, "ruby-"), p, line, base)
			}
		case base == "Gemfile":
			forLines(t, p, func(n int, l string) {
				if m := rtGemfileRe.FindStringSubmatch(l); m != nil {
					add("ruby", m[1], p, n, "Gemfile")
				}
			})
		case base == "Gemfile.lock" || base == "gems.locked":
			// Bundler records the Ruby that resolved the bundle (RUBY
			// VERSION, with its patch level: "3.3.5p100").
			if data, ok := t.ReadText(p); ok {
				if lock, err := gemlock.Parse(data); err == nil && lock.RubyVersion != "" {
					v, _, _ := strings.Cut(lock.RubyVersion, "p")
					add("ruby", v, p, lock.RubyLine, base)
				}
			}
		case strings.HasSuffix(lower, ".csproj") || strings.HasSuffix(lower, ".fsproj") || strings.HasSuffix(lower, ".vbproj") || base == "Directory.Build.props":
			forLines(t, p, func(n int, l string) {
				if m := rtTargetFwRe.FindStringSubmatch(l); m != nil {
					for _, fw := range strings.Split(m[1], ";") {
						add("dotnet", strings.TrimSpace(fw), p, n, "csproj")
					}
				}
			})
		case base == "composer.json":
			if v, line, ok := jsonStringAt(t, p, []string{"require", "php"}); ok {
				add("php", v, p, line, "composer.json")
			}
		}
	}
	for _, df := range f.Containers.Dockerfiles {
		for _, st := range df.Stages {
			if st.From.StageRef || st.From.Scratch || st.From.Unresolved {
				continue
			}
			if name, ok := imageRuntime(st.From.Image); ok {
				add(name, st.From.Tag, df.Path, st.From.Line, "Dockerfile")
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Path < b.Path || (a.Path == b.Path && a.Line < b.Line)
	})
	f.Runtimes = append(f.Runtimes, out...)
	return nil
}

// isVendored is true for third-party trees a service does not declare.
func isVendored(p string) bool {
	return strings.HasPrefix(p, "vendor/") || strings.Contains(p, "/vendor/") ||
		strings.HasPrefix(p, "node_modules/") || strings.Contains(p, "/node_modules/")
}

// imageRuntime names the runtime an official image provides, by the last
// path element of its repository.
func imageRuntime(image string) (string, bool) {
	name := image[strings.LastIndex(image, "/")+1:]
	switch name {
	case "node":
		return "nodejs", true
	case "python":
		return "python", true
	case "golang":
		return "go", true
	case "ruby":
		return "ruby", true
	case "php":
		return "php", true
	case "eclipse-temurin", "openjdk", "amazoncorretto":
		return "java", true
	case "alpine", "debian", "ubuntu":
		return name, true
	case "aspnet", "runtime", "sdk":
		if strings.Contains(image, "dotnet/") {
			return "dotnet", true
		}
	}
	return "", false
}

var debianCodenames = map[string]string{"stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13"}

var ubuntuCodenames = map[string]string{"bionic": "18.04", "focal": "20.04", "jammy": "22.04", "noble": "24.04", "oracular": "24.10", "plucky": "25.04", "questing": "25.10"}

// runtimeCycle is the release line a version names: the lowest version a
// range admits (">=3.9,<4" -> "3.9"), cut to the runtime's cycle length.
// "" when it names none (lts/*, latest, a codename not known).
func runtimeCycle(name, version string) string {
	v := strings.TrimSpace(version)
	switch name {
	case "debian":
		for code, n := range debianCodenames {
			if strings.HasPrefix(v, code) {
				return n
			}
		}
	case "ubuntu":
		for code, n := range ubuntuCodenames {
			if strings.HasPrefix(v, code) {
				return n
			}
		}
	case "dotnet":
		if m := rtDotnetCycleRe.FindStringSubmatch(v); m != nil {
			if strings.HasPrefix(v, "netstandard") || !strings.Contains(m[1], ".") {
				return ""
			}
			return m[1]
		}
		if strings.HasPrefix(v, "net") {
			return "" // netstandard, .NET Framework (net48)
		}
	}
	m := rtVersionNumRe.FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	major, minor := m[1], m[2]
	switch name {
	case "nodejs", "debian":
		return major
	case "java":
		if major == "1" && minor != "" {
			return minor // 1.8
		}
		return major
	default: // go, python, ruby, php, alpine, ubuntu, dotnet: major.minor
		if minor == "" {
			if name == "dotnet" {
				return major + ".0"
			}
			return ""
		}
		return major + "." + minor
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// forLines calls fn with each line (1-based) of a text file.
func forLines(t *snapshot.Tree, p string, fn func(n int, line string)) {
	data, ok := t.ReadText(p)
	if !ok {
		return
	}
	for i, l := range strings.Split(string(data), "\n") {
		fn(i+1, strings.TrimRight(l, "\r"))
	}
}

// firstLine is the first non-blank, non-comment line of a version file.
func firstLine(t *snapshot.Tree, p string) (string, int, bool) {
	var v string
	var at int
	forLines(t, p, func(n int, l string) {
		l = strings.TrimSpace(l)
		if v == "" && l != "" && !strings.HasPrefix(l, "#") {
			v, at = l, n
		}
	})
	return v, at, v != ""
}

// jsonStringAt reads a string at keys in a JSON object, with the line of
// its last key (found by searching the text; 1 when not found).
func jsonStringAt(t *snapshot.Tree, p string, keys []string) (string, int, bool) {
	data, ok := t.ReadText(p)
	if !ok {
		return "", 0, false
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", 0, false // the dependency collector warns about it
	}
	for _, k := range keys {
		m, ok := doc.(map[string]any)
		if !ok {
			return "", 0, false
		}
		doc = m[k]
	}
	s, ok := doc.(string)
	if !ok || s == "" {
		return "", 0, false
	}
	line := 1
	if i := bytes.Index(data, []byte(`"`+keys[len(keys)-1]+`"`)); i >= 0 {
		line = bytes.Count(data[:i], []byte("\n")) + 1
	}
	return s, line, true
}
