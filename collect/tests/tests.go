package tests

import (
	"bytes"
	"context"
	"path"
	"sort"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Collector finds test sources per language and the configuration of
// test and coverage tools.
type Collector struct{}

func (Collector) Name() string { return "tests" }

func (Collector) Collect(_ context.Context, t *snapshot.Tree, f *facts.Facts) error {
	langs := map[string]bool{}
	for _, p := range t.Files {
		lang := TestLanguage(p)
		if lang == "" && strings.HasSuffix(p, ".rs") && !InTestFixtureTree(p) {
			lang = rustInlineTests(t, p)
		}
		if lang == "" {
			continue
		}
		f.Tests.Count++
		langs[lang] = true
		if len(f.Tests.Files) < snapshot.MaxListedFiles {
			f.Tests.Files = append(f.Tests.Files, facts.TestFile{Path: p, Language: lang})
		}
	}
	for l := range langs {
		f.Tests.Languages = append(f.Tests.Languages, l)
	}
	sort.Strings(f.Tests.Languages)
	f.Tests.Configs = testConfigs(t)
	return nil
}

// testFixtureDirs hold material for tests (sample projects, golden files),
// whose own test files are not the service's tests. Unlike IsFixturePath,
// test/ and tests/ are not in the list: that is where tests live.
var testFixtureDirs = map[string]bool{
	"testdata": true, "test-data": true, "test_data": true, "fixtures": true, "fixture": true,
	"__fixtures__": true, "__mocks__": true, "examples": true, "example": true, "samples": true,
	"sample": true, "third_party": true, "third-party": true, "__snapshots__": true,
}

func InTestFixtureTree(p string) bool {
	for _, seg := range strings.Split(path.Dir(snapshot.WithoutJVMPackage(p)), "/") {
		if testFixtureDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

var (
	jsTestName   = lazyre.New(`\.(test|spec|e2e-spec|cy)\.[cm]?[jt]sx?$`)
	jsExt        = lazyre.New(`\.[cm]?[jt]sx?$`)
	cTestName    = lazyre.New(`(^test_.*|_test|_unittest|_tests)\.(c|cc|cpp|cxx)$`)
	jvmTestClass = lazyre.New(`(Test|Tests|IT|TestCase|Spec|Suite)\.(java|kt|scala|groovy)$`)
)

// testLanguage returns the language of a test source file, or "" when p is
// not one. Files in fixture trees (testdata/, fixtures/, examples/) never
// count.
func TestLanguage(p string) string {
	if InTestFixtureTree(p) {
		return ""
	}
	base := path.Base(p)
	lower := strings.ToLower(base)
	segs := strings.Split(path.Dir(p), "/")
	inDir := func(names ...string) bool {
		for _, s := range segs {
			for _, n := range names {
				if s == n {
					return true
				}
			}
		}
		return false
	}
	ext := path.Ext(lower)
	switch ext {
	case ".go":
		if strings.HasSuffix(base, "_test.go") {
			return "go"
		}
	case ".java", ".kt", ".scala", ".groovy":
		lang := map[string]string{".java": "java", ".kt": "kotlin", ".scala": "scala", ".groovy": "groovy"}[ext]
		if jvmTestClass.MatchString(base) || inJVMTestSourceSet(segs) {
			return lang
		}
	case ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts":
		if strings.HasSuffix(lower, ".d.ts") || strings.Contains(lower, ".config.") || strings.HasPrefix(base, ".") {
			return ""
		}
		lang := "javascript"
		if strings.Contains(ext, "t") {
			lang = "typescript"
		}
		if jsTestName.MatchString(lower) || inDir("__tests__", "test", "tests") {
			return lang
		}
	case ".py":
		if strings.HasPrefix(lower, "test_") || strings.HasSuffix(lower, "_test.py") ||
			lower == "tests.py" || lower == "conftest.py" || inDir("tests", "test") {
			return "python"
		}
	case ".cs":
		if strings.HasSuffix(base, "Tests.cs") || strings.HasSuffix(base, "Test.cs") || inDotNetTestProject(segs) {
			return "csharp"
		}
	case ".rb":
		if strings.HasSuffix(lower, "_spec.rb") || (strings.HasSuffix(lower, "_test.rb") && inDir("test")) {
			return "ruby"
		}
	case ".exs":
		if strings.HasSuffix(lower, "_test.exs") && inDir("test") {
			return "elixir"
		}
	case ".rs":
		if inDir("tests") {
			return "rust"
		}
	case ".php":
		if strings.HasSuffix(base, "Test.php") {
			return "php"
		}
	case ".swift":
		if strings.HasSuffix(base, "Tests.swift") || strings.HasSuffix(base, "Test.swift") || inDir("Tests") {
			return "swift"
		}
	case ".c", ".cc", ".cpp", ".cxx":
		lang := "cpp"
		if ext == ".c" {
			lang = "c"
		}
		if cTestName.MatchString(lower) || inDir("test", "tests") {
			return lang
		}
	}
	return ""
}

// inJVMTestSourceSet reports a Maven/Gradle test source set: src/test/,
// src/integrationTest/, src/androidTest/, src/testFixtures/ ...
func inJVMTestSourceSet(segs []string) bool {
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] != "src" {
			continue
		}
		s := strings.ToLower(segs[i+1])
		if strings.HasPrefix(s, "test") || strings.HasSuffix(s, "test") || strings.HasSuffix(s, "tests") {
			return true
		}
	}
	return false
}

// inDotNetTestProject reports a .NET test project folder (Foo.Tests,
// Foo.UnitTests, Foo.Test, Foo.Specs) or a test/ folder.
func inDotNetTestProject(segs []string) bool {
	for _, s := range segs {
		switch {
		case strings.Contains(s, ".") && (strings.HasSuffix(s, "Tests") || strings.HasSuffix(s, ".Test") || strings.HasSuffix(s, ".Specs")),
			s == "test", s == "tests", s == "Tests", s == "UnitTests":
			return true
		}
	}
	return false
}

// rustInlineTests recognises Rust unit tests, which live beside the code in
// #[cfg(test)] modules rather than in their own files.
func rustInlineTests(t *snapshot.Tree, p string) string {
	data, err := t.Read(p)
	if err != nil {
		return ""
	}
	if bytes.Contains(data, []byte("#[cfg(test)]")) || bytes.Contains(data, []byte("#[test]")) {
		return "rust"
	}
	return ""
}

// testConfigByName maps a lower-case base name to its tool, for files whose
// name alone says what they configure. Coverage tools always measure it.
var testConfigByName = map[string]string{
	"pytest.ini": "pytest", "tox.ini": "tox", "noxfile.py": "nox",
	".coveragerc": "coverage.py", ".nycrc": "nyc", ".nycrc.json": "nyc", ".nycrc.yml": "nyc", ".nycrc.yaml": "nyc",
	".c8rc": "c8", ".c8rc.json": "c8", ".c8rc.yml": "c8", ".c8rc.yaml": "c8",
	"codecov.yml": "codecov", ".codecov.yml": "codecov", "codecov.yaml": "codecov", ".codecov.yaml": "codecov",
	".coveralls.yml": "coveralls", ".coveralls.yaml": "coveralls",
	"phpunit.xml": "phpunit", "phpunit.xml.dist": "phpunit", "phpunit.dist.xml": "phpunit",
	".simplecov": "simplecov", ".rspec": "rspec", ".testcoverage.yml": "go-test-coverage", ".testcoverage.yaml": "go-test-coverage",
	"setup.cfg": "", "pyproject.toml": "", "package.json": "",
}

// coverageTools measure coverage by definition.
var coverageTools = map[string]bool{
	"coverage.py": true, "nyc": true, "c8": true, "codecov": true, "coveralls": true,
	"simplecov": true, "go-test-coverage": true,
}

// testConfigPrefixes are tools configured by <prefix>.<ext> files.
var testConfigPrefixes = []struct{ prefix, tool string }{
	{"jest.config.", "jest"}, {"vitest.config.", "vitest"}, {"vitest.workspace.", "vitest"},
	{"vite.config.", "vitest"}, {"karma.conf.", "karma"}, {"nyc.config.", "nyc"},
	{".mocharc.", "mocha"}, {"playwright.config.", "playwright"}, {"cypress.config.", "cypress"},
}

var (
	pytestCov       = lazyre.New(`--cov\b|-p\s+pytest_cov`)
	coverageRun     = lazyre.New(`--cov\b|coverage\s+run|\bcoverage\b.*\breport\b`)
	jestCov         = lazyre.New(`collectCoverage"?'?\s*:\s*true|coverageThreshold`)
	viteTestBlock   = lazyre.New(`(?m)^\s*test\s*:`)
	viteCoverage    = lazyre.New(`(?m)^\s*coverage\s*:`)
	karmaCoverage   = lazyre.New(`karma-coverage|coverageReporter|coverageIstanbulReporter|['"]coverage['"]`)
	phpunitCoverage = lazyre.New(`<coverage\b[^>]*>[\s\S]*<report>|<log\s+type="coverage`)
	// pytestSections are where pytest reads its settings: pytest.ini and
	// tox.ini [pytest], setup.cfg [tool:pytest], pyproject.toml.
	pytestSections = []string{"pytest", "tool:pytest", "tool.pytest.ini_options", "tool.pytest"}
)

// testConfigs finds test and coverage tool configuration outside fixture
// trees, reading each candidate once.
func testConfigs(t *snapshot.Tree) []facts.ToolConfig {
	out := []facts.ToolConfig{}
	for _, p := range t.Files {
		if snapshot.IsFixturePath(p) {
			continue
		}
		base := strings.ToLower(path.Base(p))
		tool, byName := testConfigByName[base]
		if !byName {
			for _, pf := range testConfigPrefixes {
				if strings.HasPrefix(base, pf.prefix) {
					tool, byName = pf.tool, true
					break
				}
			}
		}
		if !byName {
			continue
		}
		data, err := t.Read(p)
		if err != nil {
			if tool != "" { // shared files are reported by the collectors that own them
				t.Warn(p, 0, err.Error())
			}
			continue
		}
		switch base {
		case "setup.cfg", "tox.ini", "pyproject.toml", "pytest.ini":
			out = append(out, iniTestConfigs(p, base, data)...)
			continue
		case "package.json":
			out = append(out, packageJSONTestConfigs(p, data)...)
			continue
		}
		cfg := facts.ToolConfig{Tool: tool, Path: p, Line: 1, Coverage: coverageTools[tool]}
		switch tool {
		case "jest":
			cfg.Coverage = jestCov.Match(data)
		case "vitest":
			if strings.HasPrefix(base, "vite.config.") && !viteTestBlock.Match(data) {
				continue // a plain Vite build config
			}
			cfg.Coverage = viteCoverage.Match(data)
		case "karma":
			cfg.Coverage = karmaCoverage.Match(data)
		case "nox":
			cfg.Coverage = coverageRun.Match(data)
		case "phpunit":
			cfg.Coverage = phpunitCoverage.Match(data)
		}
		out = append(out, cfg)
	}
	return out
}

// iniTestConfigs reads pytest, tox and coverage.py settings from the shared
// Python configuration files, by section.
func iniTestConfigs(p, base string, data []byte) []facts.ToolConfig {
	var out []facts.ToolConfig
	sections := textutil.TxtIniSections(data)
	if base == "tox.ini" {
		out = append(out, facts.ToolConfig{Tool: "tox", Path: p, Line: 1, Coverage: coverageRun.Match(data)})
	}
	pytestLine := 0
	for _, s := range pytestSections {
		if l, ok := sections[s]; ok && (pytestLine == 0 || l < pytestLine) {
			pytestLine = l
		}
	}
	if base == "pytest.ini" && pytestLine == 0 {
		pytestLine = 1
	}
	if pytestLine > 0 {
		out = append(out, facts.ToolConfig{Tool: "pytest", Path: p, Line: pytestLine, Coverage: pytestCov.Match(data)})
	}
	covLine := textutil.TxtSectionLine(sections, "tool.coverage")
	for _, s := range []string{"coverage:run", "coverage:report", "coverage:paths"} {
		if l, ok := sections[s]; ok && (covLine == 0 || l < covLine) {
			covLine = l
		}
	}
	if covLine > 0 {
		out = append(out, facts.ToolConfig{Tool: "coverage.py", Path: p, Line: covLine, Coverage: true})
	}
	return out
}

// packageJSONTestConfigs reads the jest, nyc and c8 keys of package.json.
// A malformed package.json is reported by the collectors that own it.
func packageJSONTestConfigs(p string, data []byte) []facts.ToolConfig {
	var out []facts.ToolConfig
	for _, k := range textutil.JsonTopKeys(data) {
		switch k.Name {
		case "jest":
			out = append(out, facts.ToolConfig{Tool: "jest", Path: p, Line: k.Line, Coverage: jestCov.Match(k.Raw)})
		case "nyc", "c8":
			out = append(out, facts.ToolConfig{Tool: k.Name, Path: p, Line: k.Line, Coverage: true})
		}
	}
	return out
}
