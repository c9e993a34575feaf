package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPaths(t *testing.T) {
	t.Parallel()
	const good = `paths:
  go-service:
    title: Go service on the platform
    select: {languages: [Go], has: [container]}
    checks: [default]
    config: {min_go: "1.23"}
  library:
    catalog_types: [library]
    select: data.platform.paths.library
    checks: [build, test, security.dependency-updates, ownership]
    exemptions:
      - {check: build.ci-pipeline, reason: built by the monorepo, expires: 2030-01-01}
  static-site:
    select: {files: ["public/**"]}
`
	dir := t.TempDir()
	path := filepath.Join(dir, "score.yaml")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.Paths.IDs(), ","); got != "go-service,library,static-site" {
		t.Fatalf("ids = %s, want file order", got)
	}
	gs, _ := cfg.Paths.Get("go-service")
	if gs.Line != 2 || gs.Select.Languages[0] != "go" || gs.Select.Has[0] != "container" || gs.Config["min_go"] != "1.23" {
		t.Errorf("go-service = %+v", gs)
	}
	lib, _ := cfg.Paths.Get("library")
	if lib.Select.Rego != "data.platform.paths.library" || lib.CatalogTypes[0] != "library" || len(lib.Checks) != 4 || lib.Checks[1].Line != 10 {
		t.Errorf("library = %+v", lib)
	}
	if len(lib.Exemptions) != 1 || lib.Exemptions[0].Line != 12 {
		t.Errorf("library exemptions = %+v", lib.Exemptions)
	}

	bad := map[string]string{
		"paths:\n  Go Service: {}\n":                           `score.yaml:2: paths: "Go Service" is not a path id`,
		"paths:\n  off-path: {}\n":                             `score.yaml:2: paths: "off-path" is reserved`,
		"paths:\n  a:\n    selct: {}\n":                        `score.yaml:3: paths.a: unknown key "selct"`,
		"paths:\n  a:\n    select: {has: [docker]}\n":          `score.yaml:3: paths.a.select.has: "docker" is not one of`,
		"paths:\n  a:\n    select: platform.a\n":               `score.yaml:3: paths.a.select: "platform.a": want a rule reference`,
		"paths:\n  a:\n    config: [1]\n":                      `score.yaml:3: paths.a.config: want a mapping`,
		"paths:\n  a:\n    exemptions:\n      - {reason: r}\n": `score.yaml:4: paths.a.exemptions: exemption without check`,
		"paths: [a]\n": `score.yaml:1: paths: want a mapping`,
	}
	for yaml, want := range bad {
		p := filepath.Join(t.TempDir(), "score.yaml")
		if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) = %v, want %q", yaml, err, want)
		}
	}
}

func TestDeploySourcesConfig(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "score.yaml")
	good := "deploy_sources:\n  - repos: [acme/*, shop/*]\n    deploy_repo: https://gitlab.example.com/acme/deploy.git\n    path: /apps/{name}/\n"
	if err := os.WriteFile(p, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cfg.DeploySources.List; len(d) != 1 || len(d[0].Repos) != 2 || d[0].Path != "apps/{name}" || d[0].Line != 2 {
		t.Errorf("deploy_sources = %+v", d)
	}
	for yaml, want := range map[string]string{
		"deploy_sources:\n  - repos: acme/*\n":                         "score.yaml:2: deploy_sources entries need repos and deploy_repo",
		"deploy_sources:\n  - {repos: a, deploy_repo: b, folder: c}\n": `score.yaml:2: deploy_sources: unknown key "folder"`,
		"deploy_sources: {repos: a}\n":                                 "score.yaml:1: deploy_sources: want a list",
	} {
		if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) = %v, want %q", yaml, err, want)
		}
	}
}
