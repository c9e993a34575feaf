package engine

import (
	"strings"
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
		// Formats and operands of sprintf: what the native op formats
		// and what it leaves to fmt (other verbs, flags, widths, missing
		// or extra operands, numbers that are not plain, other types).
		ast.StringTerm("%s"), ast.StringTerm("%v"), ast.StringTerm("%d"), ast.StringTerm("a %s b %s%%"), ast.StringTerm("%s %d"),
		ast.StringTerm("%q"), ast.StringTerm("%5s"), ast.StringTerm("%-s"), ast.StringTerm("100%"), ast.StringTerm("%%"), ast.StringTerm("%x"),
		ast.StringTerm("Go Test"), ast.StringTerm("ÉCOLE"),
		ast.ArrayTerm(ast.StringTerm("x")), ast.ArrayTerm(ast.StringTerm("x"), ast.StringTerm("\xffy")), ast.ArrayTerm(ast.NumberTerm("12")),
		ast.ArrayTerm(ast.StringTerm("x"), ast.NumberTerm("12")), ast.ArrayTerm(ast.NumberTerm("007")), ast.ArrayTerm(ast.NumberTerm("-3")),
		ast.ArrayTerm(ast.NumberTerm("2.5")), ast.ArrayTerm(ast.NumberTerm("1234567890123456789")), ast.ArrayTerm(ast.BooleanTerm(true)),
		ast.ArrayTerm(ast.ArrayTerm(ast.StringTerm("x"))), ast.ArrayTerm(ast.StringTerm("x"), ast.StringTerm("y"), ast.StringTerm("z")),
	}
	names := []string{"count", "contains", "startswith", "endswith", "gt", "gte", "lt", "lte", "equal", "neq", "lower", "internal.member_2", "sprintf"}
	for _, name := range names {
		op := nativeFor(name, 2)
		if name == "count" || name == "lower" {
			op = nativeFor(name, 1)
		}
		if op == nativeNone {
			t.Fatalf("%s has no native op", name)
		}
		// sprintf bounds itself far below the size check's bound
		// (TestNativeSprintfBound).
		if _, checked := sizeChecks[name]; checked && name != "sprintf" {
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
				case err == nil && got == nil && name == "sprintf":
					// sprintf formats some formats itself and leaves
					// the others to fmt.
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

// The native sprintf formats the catalogue's messages itself.
func TestNativeSprintfFormats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		format string
		args   []*ast.Term
		want   string
	}{
		{"%s CI is defined in %s", []*ast.Term{ast.StringTerm("GitLab"), ast.StringTerm(".gitlab-ci.yml")}, "GitLab CI is defined in .gitlab-ci.yml"},
		{"%d of %v jobs (100%%)", []*ast.Term{ast.NumberTerm("3"), ast.NumberTerm("12")}, "3 of 12 jobs (100%)"},
		{"%v", []*ast.Term{ast.StringTerm("é\xff")}, "é\xff"},
		{"no verb", nil, "no verb"},
	} {
		got := native(nativeSprintf, ast.StringTerm(c.format), ast.ArrayTerm(c.args...))
		if got == nil || !got.Equal(ast.StringTerm(c.want)) {
			t.Errorf("sprintf(%q): %v, want %q", c.format, got, c.want)
		}
	}
}

// A native sprintf past maxNativeSprintf is left to OPA's built-in and the
// size check in front of it.
func TestNativeSprintfBound(t *testing.T) {
	t.Parallel()
	long := ast.StringTerm(strings.Repeat("x", maxNativeSprintf))
	if got := native(nativeSprintf, ast.StringTerm("%s"), ast.ArrayTerm(long)); got == nil || !got.Equal(long) {
		t.Errorf("sprintf of %d bytes: %v", maxNativeSprintf, got)
	}
	if got := native(nativeSprintf, ast.StringTerm("%s!"), ast.ArrayTerm(long)); got != nil {
		t.Error("sprintf past the bound was formatted natively")
	}
}
