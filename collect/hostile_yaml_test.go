package collect

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// laughs is a billion-laughs YAML mapping under key: each level is a list
// of nine aliases of the one before, so fully expanded it holds 9^levels
// copies of the first.
func laughs(key string, levels int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:\n  l0: &l0 [\"lol\", \"lol\"]\n", key)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestYAMLAliasBombs runs every collector over YAML files whose aliases
// would expand to 9^9 nodes. Collectors walk YAML as nodes and resolve an
// alias only where they read a value, so none of them may expand the
// whole graph; the collection must finish with facts, not run out of
// memory.
func TestYAMLAliasBombs(t *testing.T) {
	t.Parallel()
	bomb := laughs("x-bomb", 9)
	fsys := fstest.MapFS{
		".gitlab-ci.yml":          collecttest.TextFile(bomb + "test:\n  script: [go test ./...]\n  variables: *l9\n  parallel:\n    matrix: *l9\n"),
		".github/workflows/c.yml": collecttest.TextFile(bomb + "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: {a: *l9, b: *l9}\n    steps: *l9\n"),
		"docker-compose.yml":      collecttest.TextFile(bomb + "services:\n  web:\n    image: nginx\n    environment: *l9\n    extends: *l9\n"),
		"deploy/k8s.yaml":         collecttest.TextFile(bomb + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, labels: *l9}\nspec:\n  template:\n    spec:\n      containers: *l9\n"),
		"chart/Chart.yaml":        collecttest.TextFile("apiVersion: v2\nname: c\nversion: 1.0.0\n"),
		"chart/values.yaml":       collecttest.TextFile(bomb + "image: *l9\n"),
		"chart/templates/d.yaml":  collecttest.TextFile("image: {{ .Values.image }}\n"),
		"kustomization.yaml":      collecttest.TextFile(bomb + "resources: *l9\n"),
		".score.yaml":             collecttest.TextFile(bomb + "team: *l9\n"),
		"catalog-info.yaml":       collecttest.TextFile(bomb + "kind: Component\nmetadata: {name: x}\nspec: {owner: *l9}\n"),
		".pre-commit-config.yaml": collecttest.TextFile(bomb + "repos: *l9\n"),
		"Taskfile.yml":            collecttest.TextFile(bomb + "tasks: *l9\n"),
	}
	facts, err := Collect(context.Background(), snapshot.Snapshot{Info: facts.RepoInfo{Name: "bomb"}, FS: fsys})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if len(facts.CI.Configs) == 0 {
		t.Errorf("no CI config read: %+v", facts.CI)
	}
}
