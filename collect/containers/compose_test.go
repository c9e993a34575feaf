package containers

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func TestIsComposePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want bool
	}{
		{"docker-compose.yml", true},
		{"docker-compose.yaml", true},
		{"compose.yml", true},
		{"compose.yaml", true},
		{"deploy/docker-compose.prod.yml", true},
		{"compose.override.yaml", true},
		{"Docker-Compose.YML", true},
		{"docker-compose.yml.bak", false},
		{"composer.json", false},
		{"examples/docker-compose.yml", false},
		{".devcontainer/docker-compose.yml", false},
		{"my-compose.yml", false},
	}
	for _, tt := range tests {
		if got := isComposePath(tt.path); got != tt.want {
			t.Errorf("isComposePath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestComposeServices(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    []facts.ComposeService
	}{
		{"services", `services:
  api:
    build: .
    user: "10001"
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
  db:
    image: postgres:16
    healthcheck:
      disable: true
  cache:
    image: redis:7
    healthcheck:
      test: ["NONE"]
  worker:
    build:
      context: ./worker
    healthcheck:
      interval: 5s
`, []facts.ComposeService{
			{Name: "api", Line: 2, Build: true, Healthcheck: true, User: "10001"},
			{Name: "db", Line: 7, Image: "postgres:16", HealthcheckDisabled: true},
			{Name: "cache", Line: 11, Image: "redis:7", HealthcheckDisabled: true},
			{Name: "worker", Line: 15, Build: true},
		}},
		{"anchors and merge keys", `x-common: &common
  build: .
  healthcheck:
    test: curl -f http://localhost/
services:
  web:
    <<: *common
    image: web:1
  other: *common
`, []facts.ComposeService{
			{Name: "web", Line: 6, Build: true, Image: "web:1", Healthcheck: true},
			{Name: "other", Line: 9, Build: true, Healthcheck: true},
		}},
		{"legacy v1", `web:
  build: .
  links: [db]
db:
  image: mysql:8
notaservice: 3
`, []facts.ComposeService{
			{Name: "web", Line: 1, Build: true},
			{Name: "db", Line: 4, Image: "mysql:8"},
		}},
		{"empty", ``, []facts.ComposeService{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := collecttest.ScanWith(t, map[string]string{"docker-compose.yml": tt.content}, ComposeCollector{})
			if len(f.Containers.Compose) != 1 {
				t.Fatalf("compose files = %+v, warnings %v", f.Containers.Compose, f.Warnings)
			}
			if got := f.Containers.Compose[0].Services; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("services = %+v\nwant       %+v", got, tt.want)
			}
		})
	}
}

func TestComposeMalformed(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{"compose.yaml": "services:\n  api:\n    build: [\n"}, ComposeCollector{})
	if len(f.Containers.Compose) != 0 {
		t.Errorf("malformed compose file contributed %+v", f.Containers.Compose)
	}
	if !collecttest.HasWarning(f, "compose.yaml", -1) || f.Warnings[0].Line == 0 {
		t.Errorf("want a warning with a line, got %+v", f.Warnings)
	}
}

// Services take what they do not set from the service they extend, in the
// same file (extends: name, or {service: name}) or in another one.
func TestComposeExtends(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"deploy/compose.yaml": `services:
  api:
    extends:
      file: ../common/services.yml
      service: app-base
    build:
      context: ..
  worker:
    extends: api
    healthcheck:
      interval: 30s
  quiet:
    extends:
      service: api
    healthcheck:
      disable: true
  loop:
    extends: loop
  outside:
    extends:
      file: ../../etc/compose.yml
      service: x
`,
		"common/services.yml": `services:
  app-base:
    image: registry.example.com/app:1.2.3
    user: "10001"
    healthcheck:
      test: ["CMD", "/app", "health"]
`,
	}
	f := collecttest.ScanWith(t, files, ComposeCollector{})
	if len(f.Containers.Compose) != 1 {
		t.Fatalf("compose files = %+v", f.Containers.Compose)
	}
	want := []facts.ComposeService{
		{Name: "api", Line: 2, Build: true, Image: "registry.example.com/app:1.2.3", User: "10001", Healthcheck: true},
		{Name: "worker", Line: 8, Build: true, Image: "registry.example.com/app:1.2.3", User: "10001", Healthcheck: true},
		{Name: "quiet", Line: 12, Build: true, Image: "registry.example.com/app:1.2.3", User: "10001", HealthcheckDisabled: true},
		{Name: "loop", Line: 17},
		{Name: "outside", Line: 19},
	}
	if got := f.Containers.Compose[0].Services; !reflect.DeepEqual(got, want) {
		t.Errorf("services = %+v\nwant       %+v", got, want)
	}
}
