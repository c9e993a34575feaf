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
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

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
	if rest, ok := termsLeft.Get().(*[]ast.Term); ok {
		c.terms.free = *rest
	}
	if m, ok := flatLeft.Get().(map[flatKey]ast.Value); ok {
		c.flat = m
	}
	v := reflect.ValueOf(x)
	out, err := c.valueOf(v, convOf(v.Type()))
	if len(c.terms.free) > 0 {
		rest := c.terms.free
		termsLeft.Put(&rest)
	}
	if c.flat != nil && len(c.flat) <= maxFlatLeft {
		clear(c.flat)
		flatLeft.Put(c.flat)
	}
	return out, err
}

// flatLeft holds a conversion's emptied map of flat values for the next
// one: a repository's facts have a few dozen, and the map grown anew each
// time was several kilobytes per conversion. A map grown past maxFlatLeft
// (a monorepo's thousands of commands) is left to the collector.
var flatLeft sync.Pool

const maxFlatLeft = 1024

// termsLeft holds the unused end of a conversion's last slab of terms, for
// the next conversion to start with: a repository's facts fill one slab
// and part of another, and the part left was a tenth of the bytes an
// evaluation allocated. The terms there were never handed out.
var termsLeft sync.Pool

// converter holds the terms of one conversion: a repository's facts are
// thousands of values that live and die together, so their terms come
// from slabs rather than one allocation each.
type converter struct {
	terms slab[ast.Term]
	// flat holds the values of flat structs (see structInfo.flat) met so
	// far: the facts list a CI command once per word of its line in the
	// command index, and a value converted again is the same term.
	flat map[flatKey]ast.Value
	// pairs is a stack of the key-value pairs of the objects being made.
	pairs [][2]*ast.Term
}

func (c *converter) term(v ast.Value) *ast.Term {
	t := c.terms.next()
	t.Value = v
	return t
}

// termOf is valueOf as a term. A boolean, a small integer and null are
// OPA's interned terms, which OPA itself shares between values (a term is
// never changed once built): the facts hold hundreds of line numbers and
// flags, each a term of its own before.
func (c *converter) termOf(v reflect.Value, tc *typeConv) (*ast.Term, error) {
	if !tc.fallback {
		switch tc.kind {
		case reflect.Bool:
			return ast.InternedTerm(v.Bool()), nil
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if t := smallInt(v.Int()); t != nil {
				return t, nil
			}
		}
	}
	x, err := c.valueOf(v, tc)
	if err != nil {
		return nil, err
	}
	if _, ok := x.(ast.Null); ok {
		return ast.InternedNullTerm, nil
	}
	return c.term(x), nil
}

// smallInt is OPA's interned term of n (line numbers, counts: no
// allocation), nil when OPA interns none.
func smallInt(n int64) *ast.Term {
	if n >= -1 && n <= 512 && ast.HasInternedIntNumberTerm(int(n)) {
		return ast.InternedTerm(int(n))
	}
	return nil
}

// emptyInputArray is every empty list of the facts: a converted value is
// never changed, and a repository's facts have dozens of empty lists.
var emptyInputArray = ast.NewArray()

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

// valueOf converts v, of the type tc describes.
func (c *converter) valueOf(v reflect.Value, tc *typeConv) (ast.Value, error) {
	if tc.fallback {
		return fallback(v)
	}
	if tc.number {
		return ast.Number(v.String()), nil
	}
	switch tc.kind {
	case reflect.Pointer:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		return c.valueOf(v.Elem(), tc.elem)
	case reflect.Interface:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		e := v.Elem()
		return c.valueOf(e, convOf(e.Type()))
	case reflect.String:
		return ast.String(validUTF8(v.String())), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t := smallInt(v.Int()); t != nil {
			return t.Value, nil
		}
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Slice:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		if tc.bytes {
			return fallback(v)
		}
		fallthrough
	case reflect.Array:
		if v.Len() == 0 {
			return emptyInputArray, nil
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			t, err := c.termOf(v.Index(i), tc.elem)
			if err != nil {
				return nil, err
			}
			terms[i] = t
		}
		return ast.NewArray(terms...), nil
	case reflect.Map:
		if v.IsNil() {
			return ast.Null{}, nil
		}
		if tc.elem == nil { // keys that are not plain strings
			return fallback(v)
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		base := len(c.pairs)
		for _, k := range keys {
			t, err := c.termOf(v.MapIndex(k), tc.elem)
			if err != nil {
				return nil, err
			}
			c.pairs = append(c.pairs, [2]*ast.Term{c.term(ast.String(validUTF8(k.String()))), t})
		}
		return c.objectOf(base), nil
	case reflect.Struct:
		if tc.info.flat {
			key := flatKeyOf(v, tc)
			if x, ok := c.flat[key]; ok {
				return x, nil
			}
			x, err := c.object(v, tc)
			if err == nil {
				if c.flat == nil {
					c.flat = map[flatKey]ast.Value{}
				}
				c.flat[key] = x
			}
			return x, err
		}
		return c.object(v, tc)
	}
	return nil, fmt.Errorf("convert input: unsupported type %s", v.Type())
}

// flatKey identifies a flat struct's value within one conversion: its
// type, and its fields as words, a string as the address and length of its
// bytes. Copies of one value (the facts list a CI command once per word of
// its line) share their strings' bytes, so they have one key; equal
// strings elsewhere in memory give another key, and are converted again.
// The facts being converted hold every string, so an address stands for
// one string's bytes throughout. A key is made without boxing the struct
// into an interface, which was a twentieth of a conversion's bytes.
type flatKey struct {
	tc *typeConv
	w  [maxFlatWords]uintptr
}

// maxFlatWords bounds the words of a flat struct's key (a string is two);
// structInfoOf leaves a larger struct not flat.
const maxFlatWords = 8

func flatKeyOf(v reflect.Value, tc *typeConv) flatKey {
	k := flatKey{tc: tc}
	n := 0
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			s := f.String()
			k.w[n], k.w[n+1] = uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(len(s))
			n += 2
		case reflect.Bool:
			if f.Bool() {
				k.w[n] = 1
			}
			n++
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			k.w[n] = uintptr(f.Int())
			n++
		default: // the unsigned kinds, as structInfoOf allows
			k.w[n] = uintptr(f.Uint())
			n++
		}
	}
	return k
}

// object converts a struct, its fields in key order.
func (c *converter) object(v reflect.Value, tc *typeConv) (ast.Value, error) {
	base := len(c.pairs)
	for i, f := range tc.info.fields {
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && emptyValue(fv) || f.omitZero && fv.IsZero() {
			continue
		}
		t, err := c.termOf(fv, tc.fields[i])
		if err != nil {
			return nil, err
		}
		c.pairs = append(c.pairs, [2]*ast.Term{f.key, t})
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

// keyTerms holds one term per object key name, shared by the converter's
// objects (a struct field's name) and the plans' string constants that
// could be one (keyTermOf): an object lookup hashes its key either way,
// but when the key it is given is the very term the object holds it skips
// comparing the two (ast's object.Get), a few hundred lookups an
// evaluation. Terms are never changed once built, so sharing one is safe.
// maxKeyTerms bounds it: plans of any policy add to it.
var (
	keyTerms     sync.Map // string -> *ast.Term
	keyTermCount atomic.Int64
)

const maxKeyTerms = 4096

// keyTerm returns the shared term of name.
func keyTerm(name string) *ast.Term {
	if t, ok := keyTerms.Load(name); ok {
		return t.(*ast.Term)
	}
	if keyTermCount.Load() >= maxKeyTerms {
		return ast.StringTerm(name)
	}
	t, loaded := keyTerms.LoadOrStore(name, ast.StringTerm(name))
	if !loaded {
		keyTermCount.Add(1)
	}
	return t.(*ast.Term)
}

// keyTermOf is the term of a plan's string constant: the shared term when
// s could be an object key of the facts (a short lower-case name with
// digits, "_", "-" or "."), a term of its own otherwise.
func keyTermOf(s string) *ast.Term {
	if len(s) == 0 || len(s) > 40 {
		return ast.StringTerm(s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return ast.StringTerm(s)
		}
	}
	return keyTerm(s)
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

// marshals reports a type with its own JSON or text form. It and
// structInfoOf are asked once per type, when its typeConv is made.
func marshals(t reflect.Type) bool {
	return t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		(t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)))
}

func structInfoOf(t reflect.Type) *structInfo {
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
			key:       keyTerm(name),
			index:     f.Index,
			omitEmpty: strings.Contains(opts, ",omitempty,"),
			omitZero:  omitZero,
		})
	}
	slices.SortFunc(info.fields, func(a, b fieldInfo) int { return strings.Compare(a.name, b.name) })
	info.flat = !info.fallback && t.Comparable() && !marshals(t)
	words := 0
	for i := range t.NumField() {
		switch t.Field(i).Type.Kind() {
		case reflect.String:
			words += 2
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			words++
		default:
			info.flat = false
		}
	}
	if words > maxFlatWords {
		info.flat = false
	}
	return info
}

// typeConv is how values of one Go type convert, worked out once per type:
// asking reflect (and the tables above) for every value was a sixth of a
// conversion.
type typeConv struct {
	kind reflect.Kind
	// fallback: the type has its own JSON or text form, or is one this
	// walk does not model (see ToValue); it goes through fallback.
	fallback bool
	number   bool // json.Number
	bytes    bool // a byte slice: base64 text, as encoding/json writes it
	// elem is the conversion of a pointer's, slice's, array's or map's
	// elements; nil for a map whose keys are not plain strings.
	elem *typeConv
	// info and fields (aligned with info.fields) describe a struct.
	info   *structInfo
	fields []*typeConv
}

var (
	typeConvs  sync.Map // reflect.Type -> *typeConv, each complete
	typeConvMu sync.Mutex
)

// convOf returns the conversion of t. The conversions of the types t
// reaches are worked out with it, under a lock, and published together,
// so that a conversion read from typeConvs is never half made (a type may
// reach itself through a pointer, slice or map).
func convOf(t reflect.Type) *typeConv {
	if tc, ok := typeConvs.Load(t); ok {
		return tc.(*typeConv)
	}
	typeConvMu.Lock()
	defer typeConvMu.Unlock()
	made := map[reflect.Type]*typeConv{}
	tc := makeConv(t, made)
	for t, x := range made {
		typeConvs.Store(t, x)
	}
	return tc
}

func makeConv(t reflect.Type, made map[reflect.Type]*typeConv) *typeConv {
	if tc, ok := typeConvs.Load(t); ok {
		return tc.(*typeConv)
	}
	if tc, ok := made[t]; ok {
		return tc
	}
	tc := &typeConv{kind: t.Kind()}
	made[t] = tc
	switch {
	case marshals(t):
		tc.fallback = true
		return tc
	case t == jsonNumber:
		tc.number = true
		return tc
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		tc.fallback = true
	case reflect.Pointer, reflect.Array:
		tc.elem = makeConv(t.Elem(), made)
	case reflect.Slice:
		tc.bytes = t.Elem().Kind() == reflect.Uint8
		tc.elem = makeConv(t.Elem(), made)
	case reflect.Map:
		if t.Key().Kind() == reflect.String && !t.Key().Implements(textMarshaler) {
			tc.elem = makeConv(t.Elem(), made)
		}
	case reflect.Struct:
		tc.info = structInfoOf(t)
		if tc.info.fallback {
			tc.fallback = true
			break
		}
		tc.fields = make([]*typeConv, len(tc.info.fields))
		for i, f := range tc.info.fields {
			tc.fields[i] = makeConv(t.FieldByIndex(f.index).Type, made)
		}
	}
	return tc
}
