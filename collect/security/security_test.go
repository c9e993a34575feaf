package security

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/monitoring"
	"github.com/scoredev/score/collect/ownership"
	"github.com/scoredev/score/collect/tests"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestSecurityConfigs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		fs   fstest.MapFS
		want []facts.ToolConfig
	}{
		{
			name: "dependency updates where the bots read them",
			fs: fstest.MapFS{
				"renovate.json":               collecttest.TextFile("{}"),
				".github/renovate.json5":      collecttest.TextFile("{}"),
				".gitlab/.renovaterc.json":    collecttest.TextFile("{}"),
				".github/dependabot.yml":      collecttest.TextFile("version: 2\n"),
				"sub/renovate.json":           collecttest.TextFile("{}"),
				"dependabot.yml":              collecttest.TextFile("version: 2\n"),
				"testdata/repo/renovate.json": collecttest.TextFile("{}"),
			},
			want: []facts.ToolConfig{
				{Tool: "dependabot", Path: ".github/dependabot.yml", Line: 1},
				{Tool: "renovate", Path: ".github/renovate.json5", Line: 1},
				{Tool: "renovate", Path: ".gitlab/.renovaterc.json", Line: 1},
				{Tool: "renovate", Path: "renovate.json", Line: 1},
			},
		},
		{
			name: "linters and scanners by file name",
			fs: fstest.MapFS{
				".golangci.yml":                    collecttest.TextFile(""),
				"web/.eslintrc.cjs":                collecttest.TextFile(""),
				"ui/eslint.config.mjs":             collecttest.TextFile(""),
				"biome.json":                       collecttest.TextFile(""),
				"ruff.toml":                        collecttest.TextFile(""),
				".flake8":                          collecttest.TextFile(""),
				".pylintrc":                        collecttest.TextFile(""),
				"mypy.ini":                         collecttest.TextFile(""),
				"config/checkstyle/google.xml":     collecttest.TextFile(""),
				"spotbugs-exclude.xml":             collecttest.TextFile(""),
				"config/pmd/ruleset.xml":           collecttest.TextFile(""),
				"pom.xml":                          collecttest.TextFile(""),
				".semgrep.yml":                     collecttest.TextFile(""),
				".semgrep/rules/no-eval.yaml":      collecttest.TextFile(""),
				"sonar-project.properties":         collecttest.TextFile(""),
				".snyk":                            collecttest.TextFile(""),
				".trivyignore":                     collecttest.TextFile(""),
				".github/codeql/codeql-config.yml": collecttest.TextFile(""),
				"staticcheck.conf":                 collecttest.TextFile(""),
				".hadolint.yaml":                   collecttest.TextFile(""),
				".shellcheckrc":                    collecttest.TextFile(""),
				"osv-scanner.toml":                 collecttest.TextFile(""),
				".gitleaks.toml":                   collecttest.TextFile(""),
				".secrets.baseline":                collecttest.TextFile(""),
				".trufflehog.yml":                  collecttest.TextFile(""),
				".prettierrc.json":                 collecttest.TextFile(""),
				".editorconfig":                    collecttest.TextFile(""),
				".scalafix.conf":                   collecttest.TextFile(""),
				".scalafmt.conf":                   collecttest.TextFile(""),
			},
			want: []facts.ToolConfig{
				{Tool: "editorconfig", Path: ".editorconfig", Line: 1},
				{Tool: "flake8", Path: ".flake8", Line: 1},
				{Tool: "codeql", Path: ".github/codeql/codeql-config.yml", Line: 1},
				{Tool: "gitleaks", Path: ".gitleaks.toml", Line: 1},
				{Tool: "golangci-lint", Path: ".golangci.yml", Line: 1},
				{Tool: "hadolint", Path: ".hadolint.yaml", Line: 1},
				{Tool: "prettier", Path: ".prettierrc.json", Line: 1},
				{Tool: "pylint", Path: ".pylintrc", Line: 1},
				{Tool: "scalafix", Path: ".scalafix.conf", Line: 1},
				{Tool: "scalafmt", Path: ".scalafmt.conf", Line: 1},
				{Tool: "detect-secrets", Path: ".secrets.baseline", Line: 1},
				{Tool: "semgrep", Path: ".semgrep.yml", Line: 1},
				{Tool: "semgrep", Path: ".semgrep/rules/no-eval.yaml", Line: 1},
				{Tool: "shellcheck", Path: ".shellcheckrc", Line: 1},
				{Tool: "snyk", Path: ".snyk", Line: 1},
				{Tool: "trivy", Path: ".trivyignore", Line: 1},
				{Tool: "trufflehog", Path: ".trufflehog.yml", Line: 1},
				{Tool: "biome", Path: "biome.json", Line: 1},
				{Tool: "checkstyle", Path: "config/checkstyle/google.xml", Line: 1},
				{Tool: "pmd", Path: "config/pmd/ruleset.xml", Line: 1},
				{Tool: "mypy", Path: "mypy.ini", Line: 1},
				{Tool: "osv-scanner", Path: "osv-scanner.toml", Line: 1},
				{Tool: "ruff", Path: "ruff.toml", Line: 1},
				{Tool: "sonar", Path: "sonar-project.properties", Line: 1},
				{Tool: "spotbugs", Path: "spotbugs-exclude.xml", Line: 1},
				{Tool: "staticcheck", Path: "staticcheck.conf", Line: 1},
				{Tool: "eslint", Path: "ui/eslint.config.mjs", Line: 1},
				{Tool: "eslint", Path: "web/.eslintrc.cjs", Line: 1},
			},
		},
		{
			name: "sections of shared Python files and keys of package.json",
			fs: fstest.MapFS{
				"pyproject.toml":     collecttest.TextFile("[project]\nname = \"x\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = [\"E\"]\n\n[tool.mypy]\nstrict = true\n\n[tool.pylint.messages_control]\ndisable = \"C\"\n"),
				"setup.cfg":          collecttest.TextFile("[metadata]\nname = x\n[flake8]\nmax-line-length = 100\n[mypy-requests.*]\nignore_missing_imports = True\n"),
				"tox.ini":            collecttest.TextFile("[tox]\n[flake8]\n"),
				"package.json":       collecttest.TextFile("{\n  \"name\": \"web\",\n  \"eslintConfig\": {\"extends\": \"react-app\"},\n  \"renovate\": {\"extends\": [\"config:base\"]}\n}\n"),
				"pkg/a/package.json": collecttest.TextFile("{\"renovate\": {}, \"prettier\": {}}"),
			},
			want: []facts.ToolConfig{
				{Tool: "eslint", Path: "package.json", Line: 3},
				{Tool: "renovate", Path: "package.json", Line: 4},
				{Tool: "prettier", Path: "pkg/a/package.json", Line: 1},
				{Tool: "ruff", Path: "pyproject.toml", Line: 4},
				{Tool: "pylint", Path: "pyproject.toml", Line: 13},
				{Tool: "mypy", Path: "pyproject.toml", Line: 10},
				{Tool: "flake8", Path: "setup.cfg", Line: 3},
				{Tool: "mypy", Path: "setup.cfg", Line: 5},
				{Tool: "flake8", Path: "tox.ini", Line: 2},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _ := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Security.Configs, tc.want) {
				t.Errorf("configs =\n%+v\nwant\n%+v", f.Security.Configs, tc.want)
			}
		})
	}
}

func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		fs       fstest.MapFS
		want     []facts.PreCommitHook
		warnings string
	}{
		{
			name: "pre-commit hooks with the line of each id",
			fs: fstest.MapFS{".pre-commit-config.yaml": collecttest.TextFile(`repos:
  - repo: https://github.com/gitleaks/gitleaks
    rev: v8.18.0
    hooks:
      - id: gitleaks
  - repo: local
    hooks:
      - id: lint
        entry: make lint
        language: system
      - name: no id
`)},
			want: []facts.PreCommitHook{
				{Repo: "https://github.com/gitleaks/gitleaks", ID: "gitleaks", Path: ".pre-commit-config.yaml", Line: 5},
				{Repo: "local", ID: "lint", Path: ".pre-commit-config.yaml", Line: 8},
			},
		},
		{
			name:     "malformed pre-commit config",
			fs:       fstest.MapFS{".pre-commit-config.yaml": collecttest.TextFile("repos:\n  - repo: x\n    hooks: [\n")},
			want:     []facts.PreCommitHook{},
			warnings: ".pre-commit-config.yaml:3: malformed YAML: did not find expected node content\n",
		},
		{
			name: "lefthook commands, scripts and jobs",
			fs: fstest.MapFS{"lefthook.yml": collecttest.TextFile(`pre-commit:
  parallel: true
  commands:
    lint:
      run: golangci-lint run {staged_files}
  scripts:
    "secrets.sh":
      runner: bash
pre-push:
  jobs:
    - name: test
      run: go test ./...
    - group:
        jobs:
          - run: gitleaks protect --staged
`)},
			want: []facts.PreCommitHook{
				{Repo: "lefthook", ID: "golangci-lint run {staged_files}", Path: "lefthook.yml", Line: 5},
				{Repo: "lefthook", ID: "secrets.sh", Path: "lefthook.yml", Line: 7},
				{Repo: "lefthook", ID: "go test ./...", Path: "lefthook.yml", Line: 12},
				{Repo: "lefthook", ID: "gitleaks protect --staged", Path: "lefthook.yml", Line: 15},
			},
		},
		{
			name: "lefthook group that contains itself through an alias",
			fs:   fstest.MapFS{"lefthook.yml": collecttest.TextFile("pre-commit:\n  jobs: &j\n    - run: lint\n    - group:\n        jobs: *j\n")},
			want: []facts.PreCommitHook{{Repo: "lefthook", ID: "lint", Path: "lefthook.yml", Line: 3}},
		},
		{
			name: "lefthook TOML",
			fs:   fstest.MapFS{"lefthook.toml": collecttest.TextFile("[pre-commit.commands.lint]\nrun = \"ruff check\"\n")},
			want: []facts.PreCommitHook{{Repo: "lefthook", ID: "ruff check", Path: "lefthook.toml", Line: 2}},
		},
		{
			name:     "malformed lefthook TOML",
			fs:       fstest.MapFS{"lefthook.toml": collecttest.TextFile("[pre-commit]\nrun = \n")},
			want:     []facts.PreCommitHook{},
			warnings: "lefthook.toml:2: malformed TOML: toml: unexpected character U+000A at start of value\n",
		},
		{
			name: "husky hook scripts and husky v4 in package.json",
			fs: fstest.MapFS{
				".husky/pre-commit": collecttest.TextFile("#!/usr/bin/env sh\n. \"$(dirname -- \"$0\")/_/husky.sh\"\n\nnpx lint-staged\nnpm test\n"),
				".husky/_/husky.sh": collecttest.TextFile("echo internal\n"),
				".husky/.gitignore": collecttest.TextFile("_\n"),
				"package.json":      collecttest.TextFile("{\n  \"husky\": {\n    \"hooks\": {\n      \"pre-push\": \"npm audit\"\n    }\n  }\n}\n"),
			},
			want: []facts.PreCommitHook{
				{Repo: "husky", ID: "npx lint-staged", Path: ".husky/pre-commit", Line: 4},
				{Repo: "husky", ID: "npm test", Path: ".husky/pre-commit", Line: 5},
				{Repo: "husky", ID: "npm audit", Path: "package.json", Line: 4},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Security.PreCommit, tc.want) {
				t.Errorf("pre_commit =\n%+v\nwant\n%+v", f.Security.PreCommit, tc.want)
			}
			if got := collecttest.WarningLines(warns); got != tc.warnings {
				t.Errorf("warnings =\n%swant\n%s", got, tc.warnings)
			}
		})
	}
}

func TestSecurityPolicies(t *testing.T) {
	t.Parallel()
	f, _ := collecttest.CollectOne(t, Collector{}, fstest.MapFS{
		"SECURITY.md":              collecttest.TextFile("# Reporting"),
		".github/security.txt":     collecttest.TextFile(""),
		"docs/Security.rst":        collecttest.TextFile(""),
		".gitlab/SECURITY.adoc":    collecttest.TextFile(""),
		"src/SECURITY.md":          collecttest.TextFile(""),
		"docs/security-model.md":   collecttest.TextFile(""),
		".well-known/security.txt": collecttest.TextFile(""),
	})
	want := []string{".github/security.txt", ".gitlab/SECURITY.adoc", "SECURITY.md", "docs/Security.rst"}
	if !reflect.DeepEqual(f.Security.Policies, want) {
		t.Errorf("policies = %v, want %v", f.Security.Policies, want)
	}
}

// FuzzConfigFiles hands one input to every collector of this file set under
// the names they parse (YAML, JSON, TOML, CODEOWNERS): no panic, no endless
// walk through aliases, and every line within the file.
func FuzzConfigFiles(f *testing.F) {
	for _, seed := range []string{
		"pre-commit:\n  jobs: &j\n    - run: lint\n    - group:\n        jobs: *j\n",
		"repos:\n- repo: local\n  hooks: [{id: x}]\n",
		"kind: Location\nspec: {targets: ['./*.yaml', '../x']}\n---\nkind: Component\nspec: {owner: a}\n",
		"{\"title\": \"x\", \"panels\": [], \"dashboard\": {\"panels\": [1]}}",
		"[pre-commit.commands.a]\nrun = \"x\"\n",
		"groups:\n- rules:\n  - alert: A\n", "apiVersion: openslo/v1\nkind: SLO\n", "resource \"datadog_monitor\" \"a\" {}\n",
	} {
		f.Add([]byte(seed))
	}
	names := []string{
		".score.yaml", "lefthook.yml", "lefthook.toml", ".pre-commit-config.yaml", "catalog-info.yaml", "port.yml",
		"cortex.yaml", "opslevel.yml", "service.datadog.yaml", "CODEOWNERS", "package.json", "pyproject.toml",
		"deploy/monitoring.yaml", "dashboards/d.json", "infra/m.tf", "mixin/dashboards/d.libsonnet", ".husky/pre-commit",
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for _, n := range names {
			fsys[n] = &fstest.MapFile{Data: data}
		}
		tree, err := snapshot.NewTree(fsys)
		if err != nil {
			t.Fatal(err)
		}
		fc := facts.NewFacts(facts.RepoInfo{})
		for _, c := range []collecttest.TestCollector{ownership.Collector{}, monitoring.Collector{}, tests.Collector{}, Collector{}} {
			if err := c.Collect(context.Background(), tree, fc); err != nil {
				t.Fatal(err)
			}
		}
		lines := max(collecttest.LineCount(data), 1)
		check := func(what string, line int) {
			if line < 0 || line > lines {
				t.Errorf("%s: line %d outside the file (%d lines)", what, line, lines)
			}
		}
		for _, w := range tree.Warnings() {
			check("warning "+w.Path+": "+w.Message, w.Line)
		}
		for _, m := range fc.Monitoring {
			check("monitoring "+m.Path, m.Line)
		}
		for _, c := range fc.Ownership.Catalog {
			check("catalog "+c.Path, c.Line)
		}
		for _, h := range fc.Security.PreCommit {
			check("hook "+h.Path, h.Line)
		}
		for _, c := range append(fc.Security.Configs, fc.Tests.Configs...) {
			check("config "+c.Path, c.Line)
		}
	})
}
