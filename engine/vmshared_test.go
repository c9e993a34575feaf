package engine

import (
	"context"
	"encoding/json"

	"github.com/open-policy-agent/opa/v1/ast"
	"slices"
	"strings"
	"testing"
)

// sharedPolicy is a check whose rules are, by name, shared (kept from one
// evaluation to the next) or not.
const sharedPolicy = `# METADATA
# title: Shared values
# custom:
#   id: custom.shared
#   category: custom
#   level: bronze
#   weight: 1
#   remediation: Nothing to do.
package score.checks.custom.shared

shared_table := {"go": ["a", "b"], "npm": ["c"]}

shared_from_table := count(shared_table.go)

shared_threshold := object.get(data.score.config, "shared_threshold", 3)

input_direct := count(input.files.paths)

input_through_call := paths_of(input)

paths_of(doc) := doc.files.paths

# joined is free: called on a kept value its value is kept, called on
# input it is not.
joined(words) := concat("+", words)

shared_list := ["c", "d"]

shared_joined := joined(shared_list)

input_joined := joined(input.files.paths)

# twice is free and called, in a rule that reads input, on an element of
# a kept value: the call is kept too.
twice(w) := concat("", [w, w])

input_twice contains twice(w) if {
	count(input.files.paths) >= 0
	some w in shared_table.npm
}

clock := time.now_ns()

clock_through_rule := clock + 1

# with_rule is evaluated under with; what is shared in it is not asserted.
with_rule := n if {
	n := shared_from_table with input.files.paths as []
}

violation contains sprintf("threshold %d, %d paths, table %d, %s, %s", [shared_threshold, input_direct, shared_from_table, joined(shared_list), input_joined]) if {
	clock_through_rule > 0
	count(input_through_call) >= 0
	with_rule > 0
	count(input_twice) > 0
}
`

// TestSharedRules: a rule's value is kept from one evaluation to the next
// exactly when neither it nor what it calls reads input, a
// non-deterministic built-in or with; a rule reading data is kept with
// its data document, so two engines over one plan with different configs
// keep their own values.
func TestSharedRules(t *testing.T) {
	e := plannedWith(t, "shared.rego", sharedPolicy)
	const pkg = "data.score.checks.custom.shared."
	seen := 0
	for _, f := range e.plans.resultsPlan().funcs {
		_, name, ok := strings.Cut(f.name, pkg)
		if !ok || !f.memo || name == "violation" || name == "with_rule" {
			continue
		}
		seen++
		if want := strings.HasPrefix(name, "shared_"); f.free != want {
			t.Errorf("%s: shared %v, want %v", name, f.free, want)
		}
	}
	if seen < 7 {
		t.Fatalf("only %d of the policy's rules are in the plan", seen)
	}

	other, err := e.WithConfig(context.Background(), map[string]any{"shared_threshold": 9})
	if err != nil {
		t.Fatal(err)
	}
	if other.plans.results != e.plans.resultsPlan() {
		t.Fatal("WithConfig does not share the plan: the test would not test anything")
	}
	in := mustValue(t, facts(t, func(f obj) {
		at(f, "files")["paths"] = []any{"README.md", "go.mod"}
	}))
	// Alternate, so that each engine finds the other's value kept.
	for range 2 {
		for _, c := range []struct {
			e    *Engine
			want string
		}{{e, "threshold 3, 2 paths, table 2, c+d, README.md+go.mod"}, {other, "threshold 9, 2 paths, table 2, c+d, README.md+go.mod"}} {
			results := planAgainstTopdown(t, c.e, in)
			i := slices.IndexFunc(results, func(r Result) bool { return r.CheckID == "custom.shared" })
			if i < 0 || len(results[i].Findings) != 1 || results[i].Findings[0].Message != c.want {
				t.Fatalf("got %+v, want the one finding %q", results[i], c.want)
			}
		}
	}
	// joined is kept for shared_list (a kept value) in each engine's
	// data, and for nothing else: not for input's paths.
	var calls []string
	prog := e.plans.resultsPlan()
	prog.calls.Range(func(k, v any) bool {
		c := k.(sharedCall)
		if strings.HasSuffix(prog.funcs[c.fn].name, pkg+"joined") {
			calls = append(calls, v.(*ast.Term).String())
		}
		return true
	})
	if slices.Sort(calls); !slices.Equal(calls, []string{`"c+d"`, `"c+d"`}) {
		t.Errorf("kept calls of joined: %v, want the npm list's for each engine", calls)
	}
	// twice is kept for the element of shared_table it was called on.
	var twice []string
	prog.calls.Range(func(k, v any) bool {
		if strings.HasSuffix(prog.funcs[k.(sharedCall).fn].name, pkg+"twice") {
			twice = append(twice, v.(*ast.Term).String())
		}
		return true
	})
	if slices.Sort(twice); !slices.Equal(twice, []string{`"cc"`, `"cc"`}) {
		t.Errorf("kept calls of twice: %v, want the one on shared_table's element for each engine", twice)
	}
	// Both engines' values are kept side by side.
	for _, f := range e.plans.resultsPlan().funcs {
		if strings.HasSuffix(f.name, pkg+"shared_threshold") {
			sv := e.plans.resultsPlan().shared[f.index].Load()
			for _, eng := range []*Engine{e, other} {
				if _, ok := sv.lookup(eng.data); !ok {
					t.Errorf("shared_threshold has no value kept for %v", eng.data)
				}
			}
			return
		}
	}
	t.Fatal("shared_threshold is not in the plan")
}

// TestJSONValue: topdown's results read as ast values the way
// InterfaceToValue reads them.
func TestJSONValue(t *testing.T) {
	for _, x := range []any{
		nil, true, "s", json.Number("12"), json.Number("1.5e3"), 2.5,
		[]any{}, map[string]any{},
		map[string]any{"applicable": true, "violations": []any{map[string]any{"msg": "m", "path": nil, "line": json.Number("3")}, "plain"}},
	} {
		got, err := jsonValue(x)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ast.InterfaceToValue(x)
		if err != nil {
			t.Fatal(err)
		}
		if ast.Compare(got, want) != 0 {
			t.Errorf("%#v: %v, want %v", x, got, want)
		}
	}
}

// The plan's Equal and NotEqual statements, and the check of a remembered
// call's arguments, use (*ast.Term).Equal: it must say what ast.Compare
// says (topdown unifies by Compare), on every pair of a mix of values.
func TestEqualAgreesWithCompare(t *testing.T) {
	t.Parallel()
	values := []*ast.Term{
		ast.BooleanTerm(true), ast.BooleanTerm(false), ast.InternedTerm(true),
		ast.StringTerm(""), ast.StringTerm("a"), ast.StringTerm("true"), ast.InternedTerm("a"),
		ast.NumberTerm("1"), ast.NumberTerm("1.0"), ast.IntNumberTerm(0), ast.NullTerm(),
		ast.ArrayTerm(ast.StringTerm("a")), ast.ArrayTerm(ast.InternedTerm("a")), ast.SetTerm(), ast.ObjectTerm(),
		ast.ArrayTerm(ast.NumberTerm("1")), ast.ArrayTerm(ast.NumberTerm("1.0")),
		ast.ObjectTerm(ast.Item(ast.StringTerm("k"), ast.NumberTerm("1"))), ast.ObjectTerm(ast.Item(ast.StringTerm("k"), ast.NumberTerm("1.0"))),
		ast.SetTerm(ast.NumberTerm("1")), ast.SetTerm(ast.NumberTerm("1.0")),
	}
	for _, a := range values {
		for _, b := range values {
			if got, want := a.Equal(b), ast.Compare(a.Value, b.Value) == 0; got != want {
				t.Errorf("%v.Equal(%v) = %v, want %v", a, b, got, want)
			}
		}
	}
}
