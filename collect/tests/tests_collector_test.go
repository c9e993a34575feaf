package tests

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func TestTestLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, want string
	}{
		{"pkg/server_test.go", "go"},
		{"pkg/server.go", ""},
		{"pkg/testdata/fixture_test.go", ""},
		{"src/test/java/com/acme/FooTest.java", "java"},
		{"svc/src/test/java/com/example/orders/OrderTest.java", "java"},
		{"src/test/kotlin/org/example/fixtures/Builders.kt", "kotlin"},
		{"src/test/java/com/acme/Helpers.java", "java"},
		{"src/integrationTest/kotlin/ApiIT.kt", "kotlin"},
		{"app/src/main/java/com/acme/Foo.java", ""},
		{"lib/FooTests.kt", "kotlin"},
		{"core/src/test/scala/FooSpec.scala", "scala"},
		{"src/app.test.ts", "typescript"},
		{"src/app.spec.jsx", "javascript"},
		{"src/__tests__/app.js", "javascript"},
		{"test/api.mjs", "javascript"},
		{"tests/helpers.cts", "typescript"},
		{"cypress/e2e/login.cy.ts", "typescript"},
		{"test/types.d.ts", ""},
		{"src/app.ts", ""},
		{"src/__mocks__/fs.js", ""},
		{"tests/test_api.py", "python"},
		{"pkg/api_test.py", "python"},
		{"pkg/test_api.py", "python"},
		{"app/tests.py", "python"},
		{"conftest.py", "python"},
		{"tests/unit/factories.py", "python"},
		{"pkg/api.py", ""},
		{"tests/fixtures/sample/test_x.py", ""},
		{"examples/demo/test_demo.py", ""},
		{"MyApp.Tests/OrderServiceTests.cs", "csharp"},
		{"test/MyApp.UnitTests/Helpers.cs", "csharp"},
		{"src/MyApp/OrderService.cs", ""},
		{"spec/models/user_spec.rb", "ruby"},
		{"test/models/user_test.rb", "ruby"},
		{"lib/user.rb", ""},
		{"test/my_app_test.exs", "elixir"},
		{"mix.exs", ""},
		{"tests/integration.rs", "rust"},
		{"tests/UserTest.php", "php"},
		{"src/User.php", ""},
		{"Tests/AppTests/AppTests.swift", "swift"},
		{"src/parser_test.cc", "cpp"},
		{"test/test_list.c", "c"},
		{"src/list.c", ""},
	}
	for _, tc := range tests {
		if got := TestLanguage(tc.path); got != tc.want {
			t.Errorf("testLanguage(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestTestsCollector(t *testing.T) {
	t.Parallel()
	f, _ := collecttest.CollectOne(t, Collector{}, fstest.MapFS{
		"main.go":                        collecttest.TextFile("package main"),
		"main_test.go":                   collecttest.TextFile("package main"),
		"web/src/app.test.ts":            collecttest.TextFile(""),
		"src/lib.rs":                     collecttest.TextFile("fn a() {}\n#[cfg(test)]\nmod tests {}\n"),
		"src/other.rs":                   collecttest.TextFile("fn b() {}\n"),
		"testdata/proj/x_test.go":        collecttest.TextFile(""),
		"fixtures/app/src/lib.rs":        collecttest.TextFile("#[test]\n"),
		"examples/svc/tests/test_svc.py": collecttest.TextFile(""),
	})
	want := []facts.TestFile{
		{Path: "main_test.go", Language: "go"},
		{Path: "src/lib.rs", Language: "rust"},
		{Path: "web/src/app.test.ts", Language: "typescript"},
	}
	if !reflect.DeepEqual(f.Tests.Files, want) || f.Tests.Count != 3 {
		t.Errorf("files = %+v (count %d), want %+v", f.Tests.Files, f.Tests.Count, want)
	}
	if want := []string{"go", "rust", "typescript"}; !reflect.DeepEqual(f.Tests.Languages, want) {
		t.Errorf("languages = %v, want %v", f.Tests.Languages, want)
	}
}

func TestTestConfigs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fs   fstest.MapFS
		want []facts.ToolConfig
	}{
		{
			name: "jest: coverage when collected or thresholded",
			fs: fstest.MapFS{
				"jest.config.js":       collecttest.TextFile("module.exports = { collectCoverage: true };\n"),
				"web/jest.config.ts":   collecttest.TextFile("export default { testEnvironment: 'node' };\n"),
				"api/jest.config.json": collecttest.TextFile(`{"coverageThreshold": {"global": {"lines": 80}}}`),
			},
			want: []facts.ToolConfig{
				{Tool: "jest", Path: "api/jest.config.json", Line: 1, Coverage: true},
				{Tool: "jest", Path: "jest.config.js", Line: 1, Coverage: true},
				{Tool: "jest", Path: "web/jest.config.ts", Line: 1},
			},
		},
		{
			name: "vitest, and vite.config only with a test block",
			fs: fstest.MapFS{
				"vitest.config.ts":       collecttest.TextFile("export default defineConfig({ test: { coverage: { provider: 'v8' } } })\n"),
				"a/vite.config.ts":       collecttest.TextFile("export default defineConfig({\n  test: {\n    environment: 'jsdom',\n  },\n})\n"),
				"b/vite.config.js":       collecttest.TextFile("export default defineConfig({ plugins: [react()] })\n"),
				"c/karma.conf.js":        collecttest.TextFile("reporters: ['progress', 'coverage'],\n"),
				"d/.mocharc.yml":         collecttest.TextFile("spec: test/**/*.js\n"),
				"e/playwright.config.ts": collecttest.TextFile(""),
			},
			want: []facts.ToolConfig{
				{Tool: "vitest", Path: "a/vite.config.ts", Line: 1},
				{Tool: "karma", Path: "c/karma.conf.js", Line: 1, Coverage: true},
				{Tool: "mocha", Path: "d/.mocharc.yml", Line: 1},
				{Tool: "playwright", Path: "e/playwright.config.ts", Line: 1},
				{Tool: "vitest", Path: "vitest.config.ts", Line: 1},
			},
		},
		{
			name: "python: pytest, tox, nox, coverage.py in their files and sections",
			fs: fstest.MapFS{
				"pytest.ini": collecttest.TextFile("[pytest]\naddopts = -q --cov=app\n"),
				"pyproject.toml": collecttest.TextFile(`[project]
name = "svc"

[tool.pytest.ini_options]
addopts = "-q"

[tool.coverage.run]
branch = true
`),
				"setup.cfg":   collecttest.TextFile("[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = tests\n\n[coverage:report]\nfail_under = 80\n"),
				"tox.ini":     collecttest.TextFile("[tox]\nenvlist = py312\n\n[testenv]\ncommands = pytest --cov\n"),
				"noxfile.py":  collecttest.TextFile("session.run('coverage', 'run', '-m', 'pytest')\n"),
				".coveragerc": collecttest.TextFile("[run]\nbranch = True\n"),
			},
			want: []facts.ToolConfig{
				{Tool: "coverage.py", Path: ".coveragerc", Line: 1, Coverage: true},
				{Tool: "nox", Path: "noxfile.py", Line: 1},
				{Tool: "pytest", Path: "pyproject.toml", Line: 4},
				{Tool: "coverage.py", Path: "pyproject.toml", Line: 7, Coverage: true},
				{Tool: "pytest", Path: "pytest.ini", Line: 1, Coverage: true},
				{Tool: "pytest", Path: "setup.cfg", Line: 4},
				{Tool: "coverage.py", Path: "setup.cfg", Line: 7, Coverage: true},
				{Tool: "tox", Path: "tox.ini", Line: 1, Coverage: true},
			},
		},
		{
			name: "coverage services and package.json keys; fixtures ignored",
			fs: fstest.MapFS{
				"codecov.yml":      collecttest.TextFile("coverage:\n  status: {}\n"),
				".coveralls.yml":   collecttest.TextFile("service_name: github\n"),
				".nycrc":           collecttest.TextFile("{}"),
				".c8rc.json":       collecttest.TextFile("{}"),
				"phpunit.xml.dist": collecttest.TextFile("<phpunit><coverage><report><clover outputFile=\"c.xml\"/></report></coverage></phpunit>"),
				"package.json": collecttest.TextFile(`{
  "name": "web",
  "jest": {
    "collectCoverage": true
  },
  "nyc": {"all": true}
}`),
				"testdata/proj/jest.config.js": collecttest.TextFile("collectCoverage: true"),
				"examples/codecov.yml":         collecttest.TextFile(""),
			},
			want: []facts.ToolConfig{
				{Tool: "c8", Path: ".c8rc.json", Line: 1, Coverage: true},
				{Tool: "coveralls", Path: ".coveralls.yml", Line: 1, Coverage: true},
				{Tool: "nyc", Path: ".nycrc", Line: 1, Coverage: true},
				{Tool: "codecov", Path: "codecov.yml", Line: 1, Coverage: true},
				{Tool: "jest", Path: "package.json", Line: 3, Coverage: true},
				{Tool: "nyc", Path: "package.json", Line: 6, Coverage: true},
				{Tool: "phpunit", Path: "phpunit.xml.dist", Line: 1, Coverage: true},
			},
		},
		{
			name: "malformed package.json: what was read before the error",
			fs:   fstest.MapFS{"package.json": collecttest.TextFile("{\n  \"jest\": {},\n  \"nyc\": [\n")},
			want: []facts.ToolConfig{{Tool: "jest", Path: "package.json", Line: 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _ := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Tests.Configs, tc.want) {
				t.Errorf("configs =\n%+v\nwant\n%+v", f.Tests.Configs, tc.want)
			}
		})
	}
}
