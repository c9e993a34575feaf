package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scoredev/score/policies"
)

func TestFixesAreEvaluatedOnDemand(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: policies.FS(), InputSchema: factsSchema(t)})
	fixable := e.Fixable()
	for _, id := range []string{"security.security-policy", "security.sast", "security.container-non-root", "ownership.readme"} {
		if !slices.Contains(fixable, id) {
			t.Errorf("%s is not fixable; fixable: %v", id, fixable)
		}
	}
	if slices.Contains(fixable, "observability.tracing") {
		t.Error("observability.tracing declares no fix but is listed")
	}
	input := map[string]any{"security": map[string]any{"policies": []any{}}}
	got, err := e.Fixes(context.Background(), input, []string{"security.security-policy", "observability.tracing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got["security.security-policy"]) != 1 ||
		string(got["security.security-policy"][0]) != `{"create":"SECURITY.md","template":"security-policy"}` {
		t.Errorf("fixes = %s", got)
	}
	if _, err := e.Fixes(context.Background(), input, []string{"no.such"}); err == nil {
		t.Error("an unknown id is not an error")
	}
}

// A fix rule is type-checked against the facts schema like the rest of its
// package: a typo in it fails at load time, naming the file and line.
func TestFixRuleIsTypeChecked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	policy := `# METADATA
# title: Has a changelog
# custom:
#   id: docs.changelog
#   category: docs
#   level: gold
#   weight: 1
#   remediation: Add a CHANGELOG.md.
package score.checks.docs.changelog

violation contains "no changelog" if not "CHANGELOG.md" in input.files.paths

fix contains {"create": "CHANGELOG.md", "template": "changelog"} if input.files.pathz
`
	if err := os.WriteFile(filepath.Join(dir, "changelog.rego"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(context.Background(), Options{Sources: []string{dir}, InputSchema: factsSchema(t)})
	if err == nil || !strings.Contains(err.Error(), "changelog.rego:13") {
		t.Fatalf("error %v, want a type error at changelog.rego:13", err)
	}
}
