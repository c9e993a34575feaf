package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/util"
	"github.com/scoredev/score/engine"
)

// factsSchema is the published JSON Schema of the facts, kept equal to
// facts.FactsSchema() by the facts package's golden test. It is read from the
// file rather than generated so that this package's tests do not build the
// collectors.
const factsSchema = "../docs/facts.schema.json"

// fmtWrite rewrites unformatted .rego files in place, like `opa fmt -w`.
var fmtWrite = flag.Bool("rego.fmt", false, "rewrite .rego files that are not in opa fmt style")

// regoFile is one parsed policy file of the embedded set.
type regoFile struct {
	path   string
	module *ast.Module
}

func (f regoFile) isTest() bool { return strings.HasSuffix(f.path, "_test.rego") }

// loadRego parses every .rego file of FS() with its annotations, the way the
// engine does (Rego v1).
func loadRego(t testing.TB) []regoFile {
	t.Helper()
	var files []regoFile
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		files = append(files, regoFile{path: p, module: m})
		return nil
	})
	if err != nil {
		t.Fatalf("load policies: %v", err)
	}
	if len(files) == 0 {
		t.Fatal("no .rego files embedded")
	}
	return files
}

func modules(files []regoFile, withTests bool) map[string]*ast.Module {
	mods := map[string]*ast.Module{}
	for _, f := range files {
		if withTests || !f.isTest() {
			mods[f.path] = f.module
		}
	}
	return mods
}

// TestRegoUnitTests runs every test_ rule of the embedded policies and fails
// for each Rego test that fails or errors. Builtin errors (a bad regular
// expression, say) are raised rather than read as "undefined".
func TestRegoUnitTests(t *testing.T) {
	files := loadRego(t)
	runner := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1).WithEnablePrintStatements(true)).
		SetModules(modules(files, true)).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		SetTimeout(30 * time.Second)
	ch, err := runner.RunTests(t.Context(), nil)
	if err != nil {
		t.Fatalf("compile policies and tests: %v", err)
	}
	var passed, failed int
	for r := range ch {
		name := r.Package + "." + r.Name
		switch {
		case r.Error != nil:
			failed++
			t.Errorf("%s: error: %v", name, r.Error)
		case r.Fail:
			failed++
			at := ""
			if r.FailedAt != nil && r.FailedAt.Location != nil {
				at = fmt.Sprintf(" at %s:%d: %s", r.FailedAt.Location.File, r.FailedAt.Location.Row, r.FailedAt.Location.Text)
			}
			t.Errorf("%s: FAIL%s\n%s", name, at, r.Output)
		case r.Skip:
			t.Logf("%s: skipped", name)
		default:
			passed++
		}
	}
	t.Logf("rego tests: %d passed, %d failed", passed, failed)
	if passed+failed == 0 {
		t.Fatal("no Rego tests ran")
	}
}

// TestPoliciesTypeCheck compiles the policies against the JSON Schema of the
// facts, as the engine does at load time, so that a policy reading a field
// facts.go does not have fails here first.
func TestPoliciesTypeCheck(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(factsSchema)
	if err != nil {
		t.Fatalf("read facts schema: %v", err)
	}
	var schema any
	if err := util.UnmarshalJSON(raw, &schema); err != nil {
		t.Fatalf("facts schema: %v", err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, schema)
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1).WithSchemas(ss).SetErrorLimit(0)
	c.Compile(modules(loadRego(t), false))
	if c.Failed() {
		for _, e := range c.Errors {
			t.Error(e)
		}
	}
}

var (
	checkPackage = regexp.MustCompile(`^data\.score\.checks\.([a-z]+)\.([a-z0-9_]+)$`)
	libPackage   = regexp.MustCompile(`^data\.score\.lib\.([a-z0-9_]+)$`)
	levels       = []string{"bronze", "silver", "gold"}
)

// check is one catalogue entry read back from # METADATA.
type check struct {
	id, category, level, file string
}

// catalogue returns the checks of the embedded set and a problem for every
// malformed one: every check has a test file beside it and complete
// metadata (see docs/writing-policies.md).
func catalogue(t testing.TB) ([]check, []string) {
	t.Helper()
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	files := loadRego(t)
	tests := map[string]int{} // test file -> number of test_ rules
	for _, f := range files {
		if f.isTest() {
			for _, r := range f.module.Rules {
				if strings.HasPrefix(r.Head.Ref().String(), "test_") {
					tests[f.path]++
				}
			}
		}
	}
	var checks []check
	seen := map[string]string{}
	for _, f := range files {
		if f.isTest() {
			continue
		}
		pkg := f.module.Package.Path.String()
		dir, file := path.Split(f.path)
		dir = strings.TrimSuffix(dir, "/")
		name := strings.TrimSuffix(file, ".rego")
		testFile := path.Join(dir, name+"_test.rego")
		if tests[testFile] == 0 {
			report("%s: no %s with at least one test_ rule beside it", f.path, testFile)
		}
		if m := libPackage.FindStringSubmatch(pkg); m != nil {
			if dir != "lib" || m[1] != name {
				report("%s: helper package %s must live in lib/%s.rego", f.path, pkg, m[1])
			}
			continue
		}
		m := checkPackage.FindStringSubmatch(pkg)
		if m == nil {
			report("%s: package %s is neither score.checks.<category>.<name> nor score.lib.<name>", f.path, pkg)
			continue
		}
		if m[1] != dir || m[2] != name {
			report("%s: package %s must live in %s/%s.rego", f.path, pkg, m[1], m[2])
		}
		var a *ast.Annotations
		for _, ann := range f.module.Annotations {
			if ann.Scope == "package" {
				a = ann
			}
		}
		if a == nil {
			report("%s: no package-scope # METADATA", f.path)
			continue
		}
		str := func(key string) string {
			s, _ := a.Custom[key].(string)
			return s
		}
		id, category, level, remediation := str("id"), str("category"), str("level"), str("remediation")
		want := m[1] + "." + strings.ReplaceAll(m[2], "_", "-")
		if id != want {
			report("%s: custom.id %q, want %q (from the package path)", f.path, id, want)
		}
		if prev, dup := seen[id]; dup {
			report("%s: duplicate id %q (also %s)", f.path, id, prev)
		}
		seen[id] = f.path
		if category != dir || !strings.HasPrefix(id, category+".") {
			report("%s: custom.category %q must equal the folder %q and prefix the id", f.path, category, dir)
		}
		if !slices.Contains(levels, level) {
			report("%s: custom.level %q not one of %v", f.path, level, levels)
		}
		switch w := a.Custom["weight"].(type) {
		case int:
			if w <= 0 {
				report("%s: custom.weight %d must be positive", f.path, w)
			}
		default:
			report("%s: custom.weight %v (%T) must be a positive integer", f.path, w, w)
		}
		if strings.TrimSpace(a.Title) == "" {
			report("%s: no title", f.path)
		}
		if strings.TrimSpace(a.Description) == "" {
			report("%s: no description", f.path)
		}
		if r := strings.TrimSpace(remediation); r == "" || !strings.HasSuffix(r, ".") {
			report("%s: custom.remediation %q must be present and end with a full stop", f.path, remediation)
		}
		hasViolation := false
		for _, r := range f.module.Rules {
			if r.Head.Ref().String() == "violation" {
				hasViolation = true
			}
		}
		if !hasViolation {
			report("%s: no violation rule", f.path)
		}
		checks = append(checks, check{id: id, category: category, level: level, file: f.path})
	}
	return checks, problems
}

func TestCatalogueWellFormed(t *testing.T) {
	t.Parallel()
	checks, problems := catalogue(t)
	for _, p := range problems {
		t.Error(p)
	}
	if len(checks) == 0 {
		t.Fatal("no checks found")
	}
	t.Logf("%d checks, %d problems", len(checks), len(problems))
}

// TestCatalogueMatchesEngine derives the expected catalogue from each
// check's METADATA, as this test reads it, and holds the engine's catalogue
// to it: the same ids with the same category and level, no more, no fewer.
// Check ids are a stable interface; a change to one also shows in
// docs/checks.md (generated from the same metadata and kept current by
// cmd/score's TestChecksDocUpToDate) and in every fixture's expect.yaml.
func TestCatalogueMatchesEngine(t *testing.T) {
	t.Parallel()
	checks, _ := catalogue(t)
	want := map[string]check{}
	for _, c := range checks {
		want[c.id] = check{id: c.id, category: c.category, level: c.level}
	}
	eng, err := engine.Load(context.Background(), engine.Options{DefaultFS: FS()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]check{}
	for _, c := range eng.Checks() {
		got[c.ID] = check{id: c.ID, category: c.Category, level: c.Level}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[id]
		switch {
		case !ok:
			t.Errorf("%s: in the metadata, missing from the engine's catalogue", id)
		case g != want[id]:
			t.Errorf("%s: engine has %+v, metadata says %+v", id, g, want[id])
		}
	}
	for _, id := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: in the engine's catalogue, not in any check's metadata", id)
		}
	}
}

// TestRegoFormatted fails for a .rego file that `opa fmt` would change;
// -rego.fmt rewrites them.
func TestRegoFormatted(t *testing.T) {
	t.Parallel()
	for _, f := range loadRego(t) {
		src, err := fs.ReadFile(FS(), f.path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := format.SourceWithOpts(f.path, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("%s: %v", f.path, err)
			continue
		}
		if bytes.Equal(src, out) {
			continue
		}
		if *fmtWrite {
			if err := os.WriteFile(f.path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is not formatted; run go test ./policies -run TestRegoFormatted -rego.fmt", f.path)
	}
}

// minimalFacts builds the smallest document the facts schema allows: every
// required field at its zero value, every list empty, every optional value
// absent. It is what the collectors produce for an empty repository.
func minimalFacts(t testing.TB) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(factsSchema)
	if err != nil {
		t.Fatalf("read facts schema: %v", err)
	}
	var schema map[string]any
	if err := util.UnmarshalJSON(raw, &schema); err != nil {
		t.Fatalf("facts schema: %v", err)
	}
	defs, _ := schema["definitions"].(map[string]any)
	var zero func(s map[string]any) any
	zero = func(s map[string]any) any {
		if c, ok := s["const"]; ok {
			return c
		}
		if ref, ok := s["$ref"].(string); ok {
			return zero(defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any))
		}
		switch typ := s["type"].(type) {
		case string:
			switch typ {
			case "string":
				return ""
			case "integer", "number":
				return json.Number("0")
			case "boolean":
				return false
			case "array":
				return []any{}
			case "object":
				obj := map[string]any{}
				props, _ := s["properties"].(map[string]any)
				required, _ := s["required"].([]any)
				for _, name := range required {
					obj[name.(string)] = zero(props[name.(string)].(map[string]any))
				}
				return obj
			}
		}
		return nil // nullable or any
	}
	return zero(schema).(map[string]any)
}

// merge overlays b onto a, recursively for objects.
func merge(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	for k, v := range b {
		if bo, ok := v.(map[string]any); ok {
			if ao, ok := out[k].(map[string]any); ok {
				out[k] = merge(ao, bo)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// goldenPathRepo is a repository that follows the whole golden path, as the
// collectors would describe it: every check applies and passes.
const goldenPathRepo = `{
  "files": {
    "paths": ["README.md", "go.mod", "go.sum", "main.go", "main_test.go", "renovate.json", "SECURITY.md", ".github/CODEOWNERS"],
    "count": 8,
    "readme": {"path": "README.md", "chars": 2400},
    "languages": ["go"]
  },
  "containers": {
    "dockerfiles": [{
      "path": "Dockerfile",
      "stages": [
        {"index": 0, "name": "build", "line": 1, "expose": [],
         "from": {"raw": "golang:1.22@sha256:aa", "resolved": "golang:1.22@sha256:aa", "image": "golang", "tag": "1.22", "digest": "sha256:aa", "stage_ref": false, "scratch": false, "unresolved": false, "line": 1}},
        {"index": 1, "line": 6, "expose": [8080],
         "from": {"raw": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "resolved": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "image": "gcr.io/distroless/static-debian12", "tag": "nonroot", "digest": "sha256:bb", "stage_ref": false, "scratch": false, "unresolved": false, "line": 6},
         "user": {"value": "65532", "line": 8}, "effective_user": {"value": "65532", "line": 8}}
      ],
      "final_stage": {"index": 1, "line": 6, "expose": [8080],
         "from": {"raw": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "resolved": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "image": "gcr.io/distroless/static-debian12", "tag": "nonroot", "digest": "sha256:bb", "stage_ref": false, "scratch": false, "unresolved": false, "line": 6},
         "base": {"raw": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "resolved": "gcr.io/distroless/static-debian12:nonroot@sha256:bb", "image": "gcr.io/distroless/static-debian12", "tag": "nonroot", "digest": "sha256:bb", "stage_ref": false, "scratch": false, "unresolved": false, "line": 6},
         "user": {"value": "65532", "line": 8}, "effective_user": {"value": "65532", "line": 8}}
    }]
  },
  "ci": {
    "configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}],
    "jobs": [{
      "provider": "github", "path": ".github/workflows/ci.yml", "name": "build", "line": 9,
      "commands": [
        {"run": "make ci", "path": ".github/workflows/ci.yml", "line": 20},
        {"run": "trivy image --exit-code 1 ghcr.io/acme/api:${{ github.sha }}", "path": ".github/workflows/ci.yml", "line": 24}
      ],
      "reached": [
        {"run": "go vet ./...", "path": "Makefile", "line": 4},
        {"run": "go test -race -coverprofile=coverage.out ./...", "path": "Makefile", "line": 5},
        {"run": "govulncheck ./...", "path": "Makefile", "line": 6},
        {"run": "gitleaks detect --no-banner", "path": "Makefile", "line": 7}
      ],
      "uses": [
        {"ref": "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11", "path": ".github/workflows/ci.yml", "line": 14, "with": {}},
        {"ref": "github/codeql-action/analyze@b4ffde65f46336ab88eb53be808477a3936bae11", "path": ".github/workflows/ci.yml", "line": 26, "with": {}},
        {"ref": "mikepenz/action-junit-report@b4ffde65f46336ab88eb53be808477a3936bae11", "path": ".github/workflows/ci.yml", "line": 30, "with": {}}
      ],
      "reports": [], "template": false, "extends": []
    }, {
      "provider": "github", "path": ".github/workflows/ci.yml", "name": "deploy-staging", "line": 40,
      "commands": [{"run": "helm upgrade --install api deploy/chart --atomic -f deploy/chart/values-staging.yaml", "path": ".github/workflows/ci.yml", "line": 48}],
      "reached": [], "uses": [], "reports": [], "template": false, "extends": [],
      "environment": {"name": "staging", "line": 42}
    }, {
      "provider": "github", "path": ".github/workflows/ci.yml", "name": "deploy-production", "line": 50,
      "commands": [{"run": "helm upgrade --install api deploy/chart --atomic", "path": ".github/workflows/ci.yml", "line": 58}],
      "reached": [], "uses": [], "reports": [], "template": false, "extends": [],
      "environment": {"name": "production", "url": "https://api.example.com", "line": 52}
    }],
    "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml", "name": "CI",
      "permissions": {"scopes": {"contents": "read"}, "line": 3},
      "jobs": [{"name": "build", "line": 9}]}]
  },
  "dependencies": {"manifests": [{
    "path": "go.mod", "ecosystem": "go", "kind": "go.mod", "lockfiles": ["go.sum"], "pinned": false,
    "dependencies": [
      {"name": "github.com/prometheus/client_golang", "version": "v1.20.0", "scope": "runtime", "direct": true, "line": 5},
      {"name": "go.opentelemetry.io/otel/sdk", "version": "v1.30.0", "scope": "runtime", "direct": true, "line": 6},
      {"name": "go.uber.org/zap", "version": "v1.27.0", "scope": "runtime", "direct": true, "line": 7}
    ],
    "plugins": [], "workspaces": []
  }]},
  "kubernetes": {"workloads": [{
    "path": "deploy/deployment.yaml", "line": 1, "kind": "Deployment", "name": "api", "source": "manifest",
    "run_as_non_root": true, "run_as_user": 65532,
    "replicas": 2, "strategy": "RollingUpdate",
    "containers": [{"name": "api", "image": "ghcr.io/acme/api:1.0.0", "line": 20, "readiness_probe": true, "liveness_probe": true, "startup_probe": false,
                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}}}]
  }]},
  "deploy": {
    "gitops": [{"tool": "argocd", "kind": "ApplicationSet", "name": "api-previews", "path": "deploy/previews.yaml", "line": 1, "pull_request_generator": true}],
    "disruption_budgets": [{"name": "api", "path": "deploy/pdb.yaml", "line": 1}]
  },
  "runtimes": [{"name": "go", "version": "1.26", "cycle": "1.26", "path": "go.mod", "line": 3, "source": "go.mod go"}],
  "monitoring": [{"kind": "prometheus-rule", "path": "deploy/alerts.yaml", "line": 1}],
  "tests": {"files": [{"path": "main_test.go", "language": "go"}], "count": 1, "languages": ["go"]},
  "security": {
    "configs": [{"tool": "renovate", "path": "renovate.json", "line": 1, "coverage": false}],
    "policies": ["SECURITY.md"]
  },
  "ownership": {
    "score_yaml": {"path": ".score.yaml", "team": "payments", "team_line": 1, "exemptions": []},
    "catalog": [{"format": "backstage", "path": "catalog-info.yaml", "line": 1, "kind": "Component", "name": "api", "owner": "payments"}],
    "codeowners": [{"path": ".github/CODEOWNERS", "default_owners": ["@acme/payments"], "default_line": 1, "rules": 1}]
  }
}`

// outcome evaluates one check the way the engine does: skip when an
// applicable rule exists and is not true, fail with violations, else pass.
// Each violation must be {"msg": non-empty string, "path"?: string,
// "line"?: number}.
func outcome(t *testing.T, c *ast.Compiler, pkg string, input map[string]any) string {
	t.Helper()
	eval := func(query string) any {
		rs, err := rego.New(rego.Query(query), rego.Compiler(c), rego.Input(input), rego.StrictBuiltinErrors(true)).Eval(t.Context())
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if len(rs) == 0 {
			return nil
		}
		return rs[0].Expressions[0].Value
	}
	if eval("data."+pkg+".applicable") == nil && hasRule(c, pkg, "applicable") {
		return "skip"
	}
	vs, _ := eval("data." + pkg + ".violation").([]any)
	for _, v := range vs {
		obj, ok := v.(map[string]any)
		msg, _ := obj["msg"].(string)
		if !ok || msg == "" {
			t.Errorf("%s: violation %v has no msg", pkg, v)
		}
		for k, val := range obj {
			switch k {
			case "msg":
			case "path":
				if _, ok := val.(string); !ok {
					t.Errorf("%s: violation %v: path is not a string", pkg, v)
				}
			case "line":
				if _, ok := val.(json.Number); !ok {
					t.Errorf("%s: violation %v: line is not a number", pkg, v)
				}
			default:
				t.Errorf("%s: violation %v: unexpected key %q", pkg, v, k)
			}
		}
	}
	if len(vs) > 0 {
		return "fail"
	}
	return "pass"
}

func hasRule(c *ast.Compiler, pkg, name string) bool {
	return len(c.GetRulesExact(ast.MustParseRef("data."+pkg+"."+name))) > 0
}

// TestChecksEndToEnd evaluates every check against whole facts documents
// shaped by the schema, with builtin errors raised: an empty repository and
// one that follows the whole golden path.
func TestChecksEndToEnd(t *testing.T) {
	t.Parallel()
	files := loadRego(t)
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(modules(files, false)); c.Failed() {
		t.Fatal(c.Errors)
	}
	checks, _ := catalogue(t)
	empty := minimalFacts(t)
	var golden map[string]any
	if err := util.UnmarshalJSON([]byte(goldenPathRepo), &golden); err != nil {
		t.Fatal(err)
	}
	golden = merge(empty, golden)

	// An empty repository fails what it must have, skips the rest.
	emptyFails := map[string]bool{
		"build.ci-pipeline": true, "build.container-build": true, "test.ci-runs-tests": true,
		"test.coverage": true, "test.static-analysis": true, "observability.alerts-dashboards": true,
		"security.dependency-updates": true, "security.sast": true, "security.secret-detection": true,
		"security.dependency-scanning": true, "security.codeowners": true, "security.security-policy": true,
		"ownership.owner-declared": true, "ownership.readme": true, "ownership.catalog-entry": true,
	}
	for _, chk := range checks {
		pkg := "score.checks." + strings.ReplaceAll(chk.id, "-", "_")
		want := "skip"
		switch {
		case emptyFails[chk.id]:
			want = "fail"
		case chk.id == "security.no-committed-secrets":
			want = "pass"
		}
		if got := outcome(t, c, pkg, empty); got != want {
			t.Errorf("empty repository: %s is %s, want %s", chk.id, got, want)
		}
		if got := outcome(t, c, pkg, golden); got != "pass" {
			vs := "data." + pkg + ".violation"
			rs, _ := rego.New(rego.Query(vs), rego.Compiler(c), rego.Input(golden)).Eval(t.Context())
			t.Errorf("golden-path repository: %s is %s, want pass: %v", chk.id, got, rs)
		}
	}
}

// largeRepo is a monorepo-sized facts document: 300 CI jobs with 20
// command lines each and 200 Go modules with 40 requirements each, none of
// which satisfies any check, so that every check looks at everything.
func largeRepo() map[string]any {
	var jobs, manifests []any
	for i := range 300 {
		var cmds, reached []any
		for j := range 10 {
			cmds = append(cmds, map[string]any{"run": fmt.Sprintf("make step-%d-%d --verbose && echo running config", i, j), "path": ".gitlab-ci.yml", "line": j})
			reached = append(reached, map[string]any{"run": fmt.Sprintf("./scripts/build.sh --target svc%d --flag %d", i, j), "path": "Makefile", "line": j})
		}
		jobs = append(jobs, map[string]any{"provider": "gitlab", "path": ".gitlab-ci.yml", "name": fmt.Sprintf("job%d", i), "line": i,
			"commands": cmds, "reached": reached, "uses": []any{}, "reports": []any{}, "template": false, "extends": []any{}})
	}
	for i := range 200 {
		var deps []any
		for j := range 40 {
			deps = append(deps, map[string]any{"name": fmt.Sprintf("example.com/lib%d/dep%d", i, j), "version": "v1.0.0", "scope": "runtime", "direct": j%4 != 0, "line": j})
		}
		manifests = append(manifests, map[string]any{"path": fmt.Sprintf("svc%d/go.mod", i), "ecosystem": "go", "kind": "go.mod",
			"lockfiles": []any{fmt.Sprintf("svc%d/go.sum", i)}, "pinned": false, "dependencies": deps, "plugins": []any{}, "workspaces": []any{}})
	}
	return map[string]any{
		"ci":           map[string]any{"configs": []any{map[string]any{"provider": "gitlab", "path": ".gitlab-ci.yml"}}, "jobs": jobs, "gitlab_includes": []any{}, "workflows": []any{}},
		"dependencies": map[string]any{"manifests": manifests},
	}
}

// BenchmarkChecksLargeRepo evaluates every check in one query, as the
// engine does, against a monorepo-sized document. The engine stops an
// evaluation after 2s by default.
func BenchmarkChecksLargeRepo(b *testing.B) {
	files := loadRego(b)
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(modules(files, false)); c.Failed() {
		b.Fatal(c.Errors)
	}
	checks, _ := catalogue(b)
	var query []string
	for _, chk := range checks {
		pkg := "data.score.checks." + strings.ReplaceAll(chk.id, "-", "_")
		query = append(query, fmt.Sprintf("%q: [%s.violation, [1 | %s.applicable]]", chk.id, pkg, pkg))
	}
	pq, err := rego.New(rego.Query("x := {"+strings.Join(query, ", ")+"}"), rego.Compiler(c)).PrepareForEval(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(merge(minimalFacts(b), largeRepo()))
	if err != nil {
		b.Fatal(err)
	}
	input, err := ast.ValueFromReader(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pq.Eval(b.Context(), rego.EvalParsedInput(input)); err != nil {
			b.Fatal(err)
		}
	}
}
