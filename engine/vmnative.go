package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// nativeOp is a built-in the plan evaluator runs itself. A plan calls the
// catalogue's commonest built-ins (count, contains, the comparisons) a few
// hundred times per evaluation; through OPA's built-in interface each call
// copied the built-in context, went through an error wrapper and a result
// callback, about as much work as the built-in's own. Each native op
// computes what OPA's implementation computes, on the operands that
// implementation accepts; on any other operands it gives nil and the call
// goes to OPA's built-in, which reports the type error as before.
type nativeOp uint8

const (
	nativeNone nativeOp = iota
	nativeCount
	nativeContains
	nativeStartsWith
	nativeEndsWith
	nativeGT
	nativeGTE
	nativeLT
	nativeLTE
	nativeEqual
	nativeNotEqual
	nativeLower
	nativeMember
	nativeSprintf
)

// nativeFor returns the native op of a call of the named built-in with
// nargs operands, nativeNone for one the evaluator leaves to OPA.
func nativeFor(name string, nargs int) nativeOp {
	op := nativeNone
	switch name {
	case "count":
		op = nativeCount
	case "contains":
		op = nativeContains
	case "startswith":
		op = nativeStartsWith
	case "endswith":
		op = nativeEndsWith
	case "gt":
		op = nativeGT
	case "gte":
		op = nativeGTE
	case "lt":
		op = nativeLT
	case "lte":
		op = nativeLTE
	case "equal":
		op = nativeEqual
	case "neq":
		op = nativeNotEqual
	case "lower":
		op = nativeLower
	case "internal.member_2":
		op = nativeMember
	case "sprintf":
		op = nativeSprintf
	}
	if op != nativeNone && nargs != op.arity() {
		return nativeNone
	}
	return op
}

// arity is the number of operands of op.
func (op nativeOp) arity() int {
	if op == nativeCount || op == nativeLower {
		return 1
	}
	return 2
}

// native is op on its operands (b is nil for count), nil when they are
// not what OPA's implementation accepts.
func native(op nativeOp, a, b *ast.Term) *ast.Term {
	switch op {
	case nativeCount:
		switch v := a.Value.(type) {
		case *ast.Array:
			return ast.InternedTerm(v.Len())
		case ast.Object:
			return ast.InternedTerm(v.Len())
		case ast.Set:
			return ast.InternedTerm(v.Len())
		case ast.String:
			return ast.InternedTerm(utf8.RuneCountInString(string(v)))
		}
		return nil
	case nativeGT:
		return ast.InternedTerm(compare(a.Value, b.Value) > 0)
	case nativeGTE:
		return ast.InternedTerm(compare(a.Value, b.Value) >= 0)
	case nativeLT:
		return ast.InternedTerm(compare(a.Value, b.Value) < 0)
	case nativeLTE:
		return ast.InternedTerm(compare(a.Value, b.Value) <= 0)
	case nativeEqual:
		return ast.InternedTerm(a.Equal(b))
	case nativeNotEqual:
		return ast.InternedTerm(!a.Equal(b))
	case nativeMember:
		return member(a, b)
	case nativeSprintf:
		return sprintf(a, b)
	case nativeLower:
		s, ok := a.Value.(ast.String)
		if !ok {
			return nil
		}
		if low := strings.ToLower(string(s)); low != string(s) {
			return ast.StringTerm(low)
		}
		return a
	}
	s, ok1 := a.Value.(ast.String)
	t, ok2 := b.Value.(ast.String)
	if !ok1 || !ok2 {
		return nil
	}
	switch op {
	case nativeContains:
		return ast.InternedTerm(strings.Contains(string(s), string(t)))
	case nativeStartsWith:
		return ast.InternedTerm(strings.HasPrefix(string(s), string(t)))
	case nativeEndsWith:
		return ast.InternedTerm(strings.HasSuffix(string(s), string(t)))
	}
	return nil
}

// compare is ast.Compare, with plain non-negative integers (what count
// gives, and most numbers of the facts) compared by their digits: a
// comparison such as count(x) > 0 parsed both operands with ast.Compare.
func compare(a, b ast.Value) int {
	x, ok1 := a.(ast.Number)
	y, ok2 := b.(ast.Number)
	if ok1 && ok2 && plainInt(string(x)) && plainInt(string(y)) {
		if len(x) != len(y) {
			if len(x) < len(y) {
				return -1
			}
			return 1
		}
		return strings.Compare(string(x), string(y))
	}
	return a.Compare(b)
}

// plainInt reports whether s is a non-negative integer in digits alone,
// without leading zeros: then a longer one is larger, and of equal
// lengths the lexically larger.
func plainInt(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// member is internal.member_2 (x in c): a set's element, an array's or an
// object's value.
func member(x, c *ast.Term) *ast.Term {
	switch c := c.Value.(type) {
	case ast.Set:
		return ast.InternedTerm(c.Contains(x))
	case *ast.Array:
		return ast.InternedTerm(c.Until(x.Equal))
	case ast.Object:
		return ast.InternedTerm(c.Until(func(_, v *ast.Term) bool { return x.Equal(v) }))
	}
	return ast.InternedTerm(false)
}

// maxNativeSprintf bounds what the native sprintf formats: a longer
// result goes to OPA's built-in and its size check (bounds.go).
const maxNativeSprintf = 1 << 16

// sprintf is sprintf for the formats of the catalogue's messages: verbs
// %s and %v with strings, %d and %v with plain integers of up to 18
// digits (an int64 to OPA, which fmt prints as those digits), and %%, as
// many verbs as operands, no flag, width or precision. fmt formats each
// as the string or the digits themselves. Anything else is OPA's.
func sprintf(f, ops *ast.Term) *ast.Term {
	format, ok := f.Value.(ast.String)
	args, ok2 := ops.Value.(*ast.Array)
	if !ok || !ok2 {
		return nil
	}
	var b strings.Builder
	n := 0
	for rest := string(format); ; {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		if i+1 == len(rest) {
			return nil
		}
		verb := rest[i+1]
		rest = rest[i+2:]
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if n == args.Len() {
			return nil
		}
		switch v := args.Elem(n).Value.(type) {
		case ast.String:
			if verb != 's' && verb != 'v' {
				return nil
			}
			b.WriteString(string(v))
		case ast.Number:
			if verb != 'd' && verb != 'v' || len(v) > 18 || !plainInt(string(v)) {
				return nil
			}
			b.WriteString(string(v))
		default:
			return nil
		}
		n++
		if b.Len() > maxNativeSprintf {
			return nil
		}
	}
	if n != args.Len() || b.Len() > maxNativeSprintf {
		return nil
	}
	return ast.StringTerm(b.String())
}
