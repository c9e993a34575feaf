package engine

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Every native op gives what OPA's built-in gives, and nil (the built-in
// then runs and reports its error) exactly where the built-in fails.
func TestNativeAgreesWithOPA(t *testing.T) {
	t.Parallel()
	values := []*ast.Term{
		ast.StringTerm(""), ast.StringTerm("go test"), ast.StringTerm("go"), ast.StringTerm("test"), ast.StringTerm("héllo"), ast.StringTerm("\xff\xfea"),
		ast.NumberTerm("1"), ast.NumberTerm("1.0"), ast.NumberTerm("2"), ast.IntNumberTerm(-3),
		// Plain integers (compared by their digits) and what is not one.
		ast.NumberTerm("0"), ast.NumberTerm("9"), ast.NumberTerm("10"), ast.NumberTerm("12"), ast.NumberTerm("007"),
		ast.NumberTerm("123456789012345678"), ast.NumberTerm("1234567890123456789"), ast.NumberTerm("99999999999999999999"),
		ast.NumberTerm("1e2"), ast.NumberTerm("100"), ast.NumberTerm("-0"), ast.NumberTerm("0.5"),
		ast.BooleanTerm(true), ast.BooleanTerm(false), ast.NullTerm(),
		ast.ArrayTerm(), ast.ArrayTerm(ast.StringTerm("a"), ast.IntNumberTerm(1)),
		ast.SetTerm(ast.StringTerm("a")), ast.ObjectTerm(), ast.ObjectTerm(ast.Item(ast.StringTerm("k"), ast.NumberTerm("1"))),
		ast.ObjectTerm(ast.Item(ast.StringTerm("k"), ast.NumberTerm("1.0"))),
		ast.SetTerm(ast.NumberTerm("1"), ast.StringTerm("go")), ast.ArrayTerm(ast.NumberTerm("1.0"), ast.StringTerm("test")),
	}
	names := []string{"count", "contains", "startswith", "endswith", "gt", "gte", "lt", "lte", "equal", "neq"}
	for _, name := range names {
		op := nativeFor(name, 2)
		if name == "count" {
			op = nativeFor(name, 1)
		}
		if op == nativeNone {
			t.Fatalf("%s has no native op", name)
		}
		if _, checked := sizeChecks[name]; checked {
			t.Fatalf("%s has a size check, which the native op would skip", name)
		}
		bi := topdown.GetBuiltin(name)
		for _, a := range values {
			for _, b := range values {
				ops := []*ast.Term{a, b}
				if op.arity() == 1 {
					ops, b = ops[:1], nil
				}
				var want *ast.Term
				err := bi(topdown.BuiltinContext{}, ops, func(t *ast.Term) error { want = t; return nil })
				got := native(op, a, b)
				switch {
				case err != nil && got != nil:
					t.Errorf("%s%v: native %v, OPA fails: %v", name, ops, got, err)
				case err == nil && (got == nil || !got.Equal(want)):
					t.Errorf("%s%v: native %v, OPA %v", name, ops, got, want)
				}
				if op.arity() == 1 {
					break
				}
			}
		}
	}
	if nativeFor("concat", 2) != nativeNone || nativeFor("regex.match", 2) != nativeNone {
		t.Error("concat and regex.match are OPA's")
	}
	if nativeFor("count", 2) != nativeNone || nativeFor("gt", 1) != nativeNone {
		t.Error("a call with the wrong number of operands is OPA's (its error)")
	}
}
