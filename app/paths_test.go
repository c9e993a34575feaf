package app

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

// pathsPipeline loads the default catalogue, one extra check that fails
// unless data.score.config.flavour is "blue", a selector rule, and the
// platform config yaml (written beside them).
func pathsPipeline(t *testing.T, yaml string) *Pipeline {
	t.Helper()
	cfg, eng := configEngine(t, yaml, map[string]string{
		"policies/flavour.rego": `# METADATA
# title: Flavour is blue
# custom:
#   id: platform.flavour
#   category: platform
#   level: bronze
#   weight: 1
#   remediation: Paint it blue.
package score.checks.platform.flavour

violation contains {"msg": "not blue"} if data.score.config.flavour != "blue"
`,
		"policies/select.rego": "package platform.paths\n\nhas_api if {\n\tsome p in input.files.paths\n\tstartswith(p, \"api/\")\n}\n",
	})
	p := NewPipeline(eng, cfg)
	var err error
	if p.Paths, err = LoadPaths(context.Background(), eng, cfg); err != nil {
		t.Fatal(err)
	}
	return p
}

// configEngine writes a platform config (and files beside it) to a
// temporary folder, loads it and the engine it describes.
func configEngine(t *testing.T, yaml string, files map[string]string) (*config.Config, *engine.Engine) {
	t.Helper()
	dir := t.TempDir()
	files = maps.Clone(files)
	if files == nil {
		files = map[string]string{}
	}
	files["score.yaml"] = yaml
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(dir, "score.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	opts, err := EngineOptions(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, eng
}

const pathsConfig = `policies: [policies]
config: {flavour: red}
paths:
  api:
    title: API service
    select: data.platform.paths.has_api
    checks: [platform, ownership.readme]
    config: {flavour: blue}
    exemptions:
      - {check: ownership.readme, reason: the API documents itself, expires: "2099-01-01"}
  library:
    catalog_types: [library]
    checks: [platform]
  go:
    select: {languages: [go]}
    checks: [platform]
`

func scoreFiles(t *testing.T, p *Pipeline, files map[string]string) scorecard.Repo {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return p.ScoreSnapshot(context.Background(), snapshot.Snapshot{Info: facts.RepoInfo{Name: "acme/svc"}, FS: fsys}).Repo
}

func outcome(r scorecard.Repo, id string) scorecard.Outcome {
	for _, c := range r.Checks {
		if c.ID == id {
			return c.Outcome
		}
	}
	return ""
}

func TestPathResolution(t *testing.T) {
	t.Parallel()
	p := pathsPipeline(t, pathsConfig)
	const catalog = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n%s\nspec:\n  type: %s\n  owner: team-a\n"
	tests := []struct {
		name     string
		files    map[string]string
		path     string
		reason   string
		warning  string
		checks   int
		flavour  scorecard.Outcome
		readme   scorecard.Outcome
		offCheck string
	}{
		{name: "select by Rego rule, with the path's config and exemption",
			files: map[string]string{"api/main.go": "package main\n"}, path: "api", reason: "rule data.platform.paths.has_api",
			checks: 2, flavour: scorecard.Pass, readme: scorecard.Exempt},
		{name: "select by languages; the path's config is not the api path's",
			files: map[string]string{"main.go": "package main\n"}, path: "go", reason: "languages go", checks: 1, flavour: scorecard.Fail},
		{name: ".score.yaml path: wins over select",
			files: map[string]string{"api/main.go": "package main\n", ".score.yaml": "path: library\n"}, path: "library",
			reason: "declared in .score.yaml:1", checks: 1, flavour: scorecard.Fail},
		{name: "catalog annotation",
			files: map[string]string{"main.go": "package main\n", "catalog-info.yaml": strings.Replace(strings.Replace(catalog, "%s", "  annotations:\n    score.dev/path: api", 1), "%s", "service", 1)},
			path:  "api", reason: "declared in catalog-info.yaml:6", checks: 2, flavour: scorecard.Pass},
		{name: "catalog type mapped by catalog_types",
			files: map[string]string{"main.go": "package main\n", "catalog-info.yaml": strings.Replace(strings.Replace(catalog, "%s", "", 1), "%s", "library", 1)},
			path:  "library", reason: `catalog type "library" (catalog-info.yaml:7)`, checks: 1},
		{name: "unknown declared path: warned, then resolved as if undeclared",
			files: map[string]string{"main.go": "package main\n", ".score.yaml": "path: spaceship\n"}, path: "go",
			warning: `.score.yaml:1: path "spaceship" is not one of the platform's paths (api, library, go); ignored`, checks: 1},
		{name: "declared off-path",
			files: map[string]string{"main.go": "package main\n", ".score.yaml": "path: off-path\n"}, path: "off-path",
			reason: "declared off every path (.score.yaml:1)", offCheck: "ownership.readme"},
		{name: "off every path: the default catalogue, not failed for it",
			files: map[string]string{"lib.py": "x = 1\n"}, path: "off-path", reason: "declares no path", offCheck: "build.ci-pipeline"},
		{name: "a repository's exemption for a check off its path is not needed",
			files: map[string]string{"main.go": "package main\n", ".score.yaml": "exemptions:\n  - {check: ownership.readme, reason: r, expires: \"2099-01-01\"}\n"},
			path:  "go", checks: 1, warning: ".score.yaml:2: exemption for ownership.readme is not needed: the check is not on path go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := scoreFiles(t, p, tt.files)
			if r.Error != "" {
				t.Fatal(r.Error)
			}
			if r.Path != tt.path || !strings.Contains(r.PathReason, tt.reason) {
				t.Errorf("path %q (%s), want %q (%s)", r.Path, r.PathReason, tt.path, tt.reason)
			}
			if tt.checks > 0 && len(r.Checks) != tt.checks {
				t.Errorf("%d checks, want %d", len(r.Checks), tt.checks)
			}
			if tt.flavour != "" && outcome(r, "platform.flavour") != tt.flavour {
				t.Errorf("platform.flavour = %s, want %s", outcome(r, "platform.flavour"), tt.flavour)
			}
			if tt.readme != "" && outcome(r, "ownership.readme") != tt.readme {
				t.Errorf("ownership.readme = %s, want %s", outcome(r, "ownership.readme"), tt.readme)
			}
			if tt.offCheck != "" && outcome(r, tt.offCheck) == "" {
				t.Errorf("off-path repository was not checked against %s (the default catalogue)", tt.offCheck)
			}
			var warns []string
			for _, w := range r.Warnings {
				warns = append(warns, w.String())
			}
			if tt.warning != "" && !strings.Contains(strings.Join(warns, "\n"), tt.warning) {
				t.Errorf("warnings %q lack %q", warns, tt.warning)
			}
		})
	}
}

func TestPathsConfigErrors(t *testing.T) {
	t.Parallel()
	cfg, eng := configEngine(t, "paths:\n  a:\n    checks: [default, runtime]\n  b:\n    select: data.nowhere.rule\n", nil)
	_, err := LoadPaths(context.Background(), eng, cfg)
	for _, want := range []string{
		cfg.Path() + `:3: paths.a.checks: "runtime" names no check, category or glob on ids (categories: build, deploy,`,
		cfg.Path() + `:5: paths.b.select: rule data.nowhere.rule is defined by no loaded policy`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadPaths = %v, want %q", err, want)
		}
	}
}

func TestReuseKeyCoversPaths(t *testing.T) {
	t.Parallel()
	withPaths := pathsPipeline(t, pathsConfig)
	other := pathsPipeline(t, strings.Replace(pathsConfig, "flavour: blue", "flavour: green", 1))
	info := facts.RepoInfo{Name: "acme/svc"}
	if withPaths.ReuseKey("v1", info) == other.ReuseKey("v1", info) {
		t.Error("changing a path's config keeps the reuse key")
	}
	noPaths := NewPipeline(withPaths.Engine, nil)
	if noPaths.ReuseKey("v1", info) == NewPipeline(withPaths.Engine, nil).ReuseKey("v1", info) &&
		noPaths.ReuseKey("v1", info) == withPaths.ReuseKey("v1", info) {
		t.Error("the reuse key does not cover the paths")
	}
}
