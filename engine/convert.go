package engine

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"
)

// ToValue converts a Go value to the ast.Value that ast.InterfaceToValue
// gives for it, without InterfaceToValue's round trip through JSON text for
// structs: a walk over the value guided by its json tags. It was a fifth of
// evaluating the catalogue for one repository. What the walk does not model
// (a type with its own MarshalJSON or MarshalText, a map with non-string
// keys, a byte slice) goes through InterfaceToValue, so the result is the
// same for any input.
func ToValue(x any) (ast.Value, error) {
	if x == nil {
		return ast.Null{}, nil
	}
	var c converter
	return c.valueOf(reflect.ValueOf(x))
}

// converter holds the terms of one conversion: a repository's facts are
// thousands of values that live and die together, so their terms come
// from slabs rather than one allocation each.
type converter struct {
	terms slab[ast.Term]
	// flat holds the values of flat structs (see structInfo.flat) met so
	// far: the facts list a CI command once per word of its line in the
	// command index, and a value converted again is the same term.
	flat map[any]ast.Value
	// pairs is a stack of the key-value pairs of the objects being made.
	pairs [][2]*ast.Term
}

func (c *converter) term(v ast.Value) *ast.Term {
	t := c.terms.next()
	t.Value = v
	return t
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonNumber    = reflect.TypeFor[json.Number]()
	zeroer        = reflect.TypeFor[interface{ IsZero() bool }]()
)

// fallback converts v the way InterfaceToValue does.
func fallback(v reflect.Value) (ast.Value, error) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return ast.Null{}, nil
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, err
	}
	var out any
	if err := util.UnmarshalJSON(b, &out); err != nil {
		return nil, err
	}
	return ast.InterfaceToValue(out)
}

func (c *converter) valueOf(v reflect.Value) (ast.Value, error) {
	t := v.Type()
	if marshals(t) {
		return fallback(v)
	}
	if t == jsonNumber {
		return ast.Number(v.String()), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		return c.valueOf(v.Elem())
	case reflect.String:
		return ast.String(validUTF8(v.String())), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n := v.Int(); n >= -1 && n <= 512 && ast.HasInternedIntNumberTerm(int(n)) {
			// Line numbers, counts: OPA's interned numbers, no
			// allocation.
			return ast.InternedTerm(int(n)).Value, nil
		}
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		return fallback(v)
	case reflect.Slice:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return fallback(v)
		}
		fallthrough
	case reflect.Array:
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := c.valueOf(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = c.term(x)
		}
		return ast.NewArray(terms...), nil
	case reflect.Map:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		if t.Key().Kind() != reflect.String || t.Key().Implements(textMarshaler) {
			return fallback(v)
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		base := len(c.pairs)
		for _, k := range keys {
			x, err := c.valueOf(v.MapIndex(k))
			if err != nil {
				return nil, err
			}
			c.pairs = append(c.pairs, [2]*ast.Term{c.term(ast.String(validUTF8(k.String()))), c.term(x)})
		}
		return c.objectOf(base), nil
	case reflect.Struct:
		info := structInfoOf(t)
		if info.fallback {
			return fallback(v)
		}
		if info.flat {
			key := v.Interface()
			if x, ok := c.flat[key]; ok {
				return x, nil
			}
			x, err := c.object(v, info)
			if err == nil {
				if c.flat == nil {
					c.flat = map[any]ast.Value{}
				}
				c.flat[key] = x
			}
			return x, err
		}
		return c.object(v, info)
	}
	return nil, fmt.Errorf("convert input: unsupported type %s", t)
}

// object converts a struct, its fields in key order.
func (c *converter) object(v reflect.Value, info *structInfo) (ast.Value, error) {
	base := len(c.pairs)
	for _, f := range info.fields {
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && emptyValue(fv) || f.omitZero && fv.IsZero() {
			continue
		}
		x, err := c.valueOf(fv)
		if err != nil {
			return nil, err
		}
		c.pairs = append(c.pairs, [2]*ast.Term{f.key, c.term(x)})
	}
	return c.objectOf(base), nil
}

// objectOf makes an object of the pairs from base on and takes them off
// the stack. The pairs of an object being converted sit on one stack above
// those of the objects that contain it (NewObject copies them).
func (c *converter) objectOf(base int) ast.Value {
	obj := ast.NewObject(c.pairs[base:]...)
	clear(c.pairs[base:])
	c.pairs = c.pairs[:base]
	return obj
}

// validUTF8 replaces every invalid byte with U+FFFD, as encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

type fieldInfo struct {
	name                string
	key                 *ast.Term // name as a term, shared by every object (terms are not changed once built)
	index               []int
	omitEmpty, omitZero bool
}

type structInfo struct {
	fields []fieldInfo // sorted by name, as InterfaceToValue's objects are
	// flat is set for a comparable struct of strings, numbers and
	// booleans: one converted value serves every equal struct.
	flat bool
	// fallback is set for what this walk does not model: embedded
	// structs, ",string" options and duplicate names.
	fallback bool
}

var structInfos sync.Map // reflect.Type -> *structInfo

var marshalers sync.Map // reflect.Type -> bool

// marshals reports a type with its own JSON or text form, asked once per
// type: reflect's method-set lookups were a twentieth of a conversion.
func marshals(t reflect.Type) bool {
	if m, ok := marshalers.Load(t); ok {
		return m.(bool)
	}
	m := t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		(t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)))
	marshalers.Store(t, m)
	return m
}

func structInfoOf(t reflect.Type) *structInfo {
	if info, ok := structInfos.Load(t); ok {
		return info.(*structInfo)
	}
	info := &structInfo{}
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			info.fallback = true
			break
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		opts = "," + opts + ","
		omitZero := strings.Contains(opts, ",omitzero,")
		if strings.Contains(opts, ",string,") || seen[name] ||
			omitZero && (f.Type.Implements(zeroer) || reflect.PointerTo(f.Type).Implements(zeroer)) {
			info.fallback = true
			break
		}
		seen[name] = true
		info.fields = append(info.fields, fieldInfo{
			name:      name,
			key:       ast.StringTerm(name),
			index:     f.Index,
			omitEmpty: strings.Contains(opts, ",omitempty,"),
			omitZero:  omitZero,
		})
	}
	slices.SortFunc(info.fields, func(a, b fieldInfo) int { return strings.Compare(a.name, b.name) })
	info.flat = !info.fallback && t.Comparable() && !marshals(t)
	for i := range t.NumField() {
		switch t.Field(i).Type.Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			info.flat = false
		}
	}
	actual, _ := structInfos.LoadOrStore(t, info)
	return actual.(*structInfo)
}
