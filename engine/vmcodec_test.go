package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// plannedDefaults plans the test defaults.
func plannedDefaults(tb testing.TB) *Engine {
	tb.Helper()
	e := load(tb, Options{DefaultFS: defaultsFS, InputSchema: factsSchema(tb)})
	if !e.plans.ok() {
		tb.Fatal("the test defaults are not planned")
	}
	return e
}

// TestProgramCodec: a plan decodes to one that encodes the same and
// evaluates the same.
func TestProgramCodec(t *testing.T) {
	e := plannedDefaults(t)
	b, err := encodeProgram(e.plans.resultsPlan())
	if err != nil {
		t.Fatal(err)
	}
	p, err := decodeProgram(b)
	if err != nil {
		t.Fatal(err)
	}
	again, err := encodeProgram(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		t.Fatal("decode then encode changed the plan")
	}
	ctx := context.Background()
	in := mustValue(t, facts(t, func(f obj) {
		at(f, "files")["paths"] = []any{"README.md", "Dockerfile", "go.mod"}
	}))
	want, err := e.evalProgram(ctx, e.plans.resultsPlan(), in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.evalProgram(ctx, p, in)
	if err != nil {
		t.Fatal(err)
	}
	if ast.Compare(got, want) != 0 {
		t.Fatalf("decoded plan gives\n%v\nwant\n%v", got, want)
	}
}

// TestProgramCodecDamaged: every truncation is an error, and no damaged
// byte makes the decoder panic.
func TestProgramCodecDamaged(t *testing.T) {
	e := plannedDefaults(t)
	b, err := encodeProgram(e.plans.resultsPlan())
	if err != nil {
		t.Fatal(err)
	}
	step := max(1, len(b)/4000)
	for i := 0; i < len(b); i += step {
		if _, err := decodeProgram(b[:i]); err == nil {
			t.Errorf("truncated at %d of %d: no error", i, len(b))
		}
		d := append([]byte{}, b...)
		d[i] ^= 0xa5
		_, _ = decodeProgram(d)
	}
}

// TestPlanOnTestPolicySets: the test policy sets (defaults, an override
// directory, a package override) are planned, and their plans give
// topdown's results without falling back.
func TestPlanOnTestPolicySets(t *testing.T) {
	sets := map[string]Options{
		"defaults":     {DefaultFS: defaultsFS},
		"override":     {DefaultFS: defaultsFS, Sources: []string{"testdata/override"}},
		"override_pkg": {DefaultFS: defaultsFS, Sources: []string{"testdata/override_pkg"}},
	}
	inputs := []obj{
		facts(t, nil),
		facts(t, func(f obj) {
			at(f, "containers")["dockerfiles"] = []any{obj{"path": "Dockerfile", "stages": []any{stage("alpine", 1), stage("golang:1.23@sha256:abc", 5)}}}
			at(f, "files")["paths"] = []any{"README.md", "Dockerfile", "go.mod"}
		}),
	}
	for name, opts := range sets {
		t.Run(name, func(t *testing.T) {
			opts.InputSchema = factsSchema(t)
			e := load(t, opts)
			for _, in := range inputs {
				planAgainstTopdown(t, e, mustValue(t, in))
			}
		})
	}
}

// TestPlanWithAndFunctions: the statements the default catalogue does not
// use but user policies may (`with` on input and on data, functions
// called with the same and other arguments, a rule read under two `with`s)
// give topdown's results on the plan evaluator, without falling back.
func TestPlanWithAndFunctions(t *testing.T) {
	src := `# METADATA
# title: With and functions
# custom:
#   id: custom.with-and-functions
#   category: custom
#   level: bronze
#   weight: 1
#   remediation: Nothing to do.
package score.checks.custom.with_and_functions

base_image := input.containers.dockerfiles[0].stages[0].base

pinned(image) if contains(image, "@sha256:")

label(name) := concat(":", ["file", name])

threshold := object.get(data.score.config, "with_threshold", 3)

violation contains {"msg": label(p)} if {
	some p in input.files.paths
	not pinned(p)
	endswith(p, "Dockerfile")
}

violation contains {"msg": sprintf("base %s", [b])} if {
	b := base_image with input.containers.dockerfiles as [{"path": "x", "stages": [{"base": "swapped", "line": 1}]}]
}

violation contains {"msg": sprintf("threshold %d then %d", [t1, t2])} if {
	t1 := threshold
	t2 := threshold with data.score.config.with_threshold as 7
	t1 != t2
}

violation contains {"msg": label("again")} if {
	label("again") == label("again")
	count(input.files.paths) > 1
}
`
	e := plannedWith(t, "with.rego", src)
	in := mustValue(t, facts(t, func(f obj) {
		at(f, "containers")["dockerfiles"] = []any{obj{"path": "Dockerfile", "stages": []any{stage("alpine", 1)}}}
		at(f, "files")["paths"] = []any{"README.md", "Dockerfile", "svc/Dockerfile"}
	}))
	for _, r := range planAgainstTopdown(t, e, in) {
		if r.CheckID == "custom.with-and-functions" {
			if len(r.Findings) != 5 {
				t.Errorf("%d findings %+v, want 5 (two Dockerfiles, the swapped base, the threshold, again)", len(r.Findings), r.Findings)
			}
			return
		}
	}
	t.Fatal("the custom check did not run")
}

// plannedWith plans the test defaults and one more policy file, src,
// written as custom/<name> in a folder of its own.
func plannedWith(t *testing.T, name, src string) *Engine {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "custom"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "custom", name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{dir}, InputSchema: factsSchema(t)})
	if !e.plans.ok() {
		t.Fatal("not planned")
	}
	return e
}

// planAgainstTopdown evaluates v with e's plan alone (an error is a
// failure, not a fallback) and with topdown alone, fails the test when the
// results differ, and returns the plan's.
func planAgainstTopdown(t *testing.T, e *Engine, v ast.Value) []Result {
	t.Helper()
	if !e.plans.ok() {
		t.Fatal("not planned")
	}
	if e.plans.resultsPlan().checkParts(e.checks) == nil {
		t.Fatal("the plan lacks the checks' own rules: the query's object would be evaluated instead")
	}
	ctx := context.Background()
	got, err := EvaluatePlan(ctx, e, v)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	td := *e //nolint:govet // a copy of a loaded engine, for tests
	td.plans = plans{}
	want, err := td.EvaluateValue(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("plan\n%+v\ntopdown\n%+v", got, want)
	}
	return got
}

// TestCheckPartsFollowRules: the checks' rule functions are found for any
// list of checks with the same packages and rules, such as one whose
// levels an override changed, and not for checks the plan was not made
// for.
func TestCheckPartsFollowRules(t *testing.T) {
	e := plannedDefaults(t)
	prog := e.plans.resultsPlan()
	if prog.checkParts(e.checks) == nil {
		t.Fatal("no rule functions for the engine's own checks")
	}
	overridden := slices.Clone(e.checks)
	overridden[0].Level, overridden[0].Weight = "gold", 9
	if prog.checkParts(overridden) == nil {
		t.Error("no rule functions for the same checks with another level and weight")
	}
	other := slices.Clone(e.checks)
	other[0].Package += "_other"
	if prog.checkParts(other) != nil {
		t.Error("rule functions for a check the plan was not made for")
	}
}
