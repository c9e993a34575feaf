package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A compact binary form of compiled modules, for the load cache: decoding
// it is several times faster than parsing Rego (and than OPA's JSON form of
// the AST). It covers what survives compilation; anything else (imports,
// template strings, a value type this code does not know) makes encoding
// fail, and the cache is then simply not written. Comments and annotations
// are left out: after compiling, rego.metadata calls are rewritten into
// constants and evaluation reads neither. Location texts are kept as spans
// of the module sources the cache key covers, so they cost no space.

var errCodec = errors.New("module codec")

const (
	tNull byte = iota + 1
	tBoolean
	tNumber
	tString
	tVar
	tRef
	tArray
	tObject
	tSet
	tArrayComp
	tObjectComp
	tSetComp
	tCall
	tNot
)

const (
	eTerm byte = iota
	eTerms
	eSome
	eEvery
)

type astEncoder struct {
	buf     []byte
	strs    map[string]uint64
	strList []string
	sources map[string]string // display path -> text, for location spans
}

func (e *astEncoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *astEncoder) int(v int)     { e.buf = binary.AppendVarint(e.buf, int64(v)) }
func (e *astEncoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *astEncoder) str(s string) {
	i, ok := e.strs[s]
	if !ok {
		i = uint64(len(e.strList))
		e.strs[s] = i
		e.strList = append(e.strList, s)
	}
	e.uint(i)
}

// loc writes a location: 0 for none, 1 for a span of a known source, 2 with
// its text.
func (e *astEncoder) loc(l *ast.Location) {
	if l == nil {
		e.buf = append(e.buf, 0)
		return
	}
	src, known := e.sources[l.File]
	if known && l.Offset >= 0 && l.Offset+len(l.Text) <= len(src) && src[l.Offset:l.Offset+len(l.Text)] == string(l.Text) {
		e.buf = append(e.buf, 1)
		e.str(l.File)
		e.int(l.Row)
		e.int(l.Col)
		e.int(l.Offset)
		e.int(len(l.Text))
		return
	}
	e.buf = append(e.buf, 2)
	e.str(l.File)
	e.int(l.Row)
	e.int(l.Col)
	e.int(l.Offset)
	e.str(string(l.Text))
}

func (e *astEncoder) terms(ts []*ast.Term) error {
	e.uint(uint64(len(ts)))
	for _, t := range ts {
		if err := e.term(t); err != nil {
			return err
		}
	}
	return nil
}

func (e *astEncoder) term(t *ast.Term) error {
	if t == nil {
		e.buf = append(e.buf, 0)
		return nil
	}
	switch v := t.Value.(type) {
	case ast.Null:
		e.buf = append(e.buf, tNull)
	case ast.Boolean:
		e.buf = append(e.buf, tBoolean)
		e.bool(bool(v))
	case ast.Number:
		e.buf = append(e.buf, tNumber)
		e.str(string(v))
	case ast.String:
		e.buf = append(e.buf, tString)
		e.str(string(v))
	case ast.Var:
		e.buf = append(e.buf, tVar)
		e.str(string(v))
	case ast.Ref:
		e.buf = append(e.buf, tRef)
		if err := e.terms(v); err != nil {
			return err
		}
	case *ast.Array:
		e.buf = append(e.buf, tArray)
		ts := make([]*ast.Term, 0, v.Len())
		v.Foreach(func(x *ast.Term) { ts = append(ts, x) })
		if err := e.terms(ts); err != nil {
			return err
		}
	case ast.Object:
		e.buf = append(e.buf, tObject)
		e.uint(uint64(v.Len()))
		var err error
		v.Foreach(func(k, x *ast.Term) {
			if err == nil {
				err = e.term(k)
			}
			if err == nil {
				err = e.term(x)
			}
		})
		if err != nil {
			return err
		}
	case ast.Set:
		e.buf = append(e.buf, tSet)
		if err := e.terms(v.Slice()); err != nil {
			return err
		}
	case *ast.ArrayComprehension:
		e.buf = append(e.buf, tArrayComp)
		if err := e.term(v.Term); err != nil {
			return err
		}
		if err := e.body(v.Body); err != nil {
			return err
		}
	case *ast.ObjectComprehension:
		e.buf = append(e.buf, tObjectComp)
		if err := e.term(v.Key); err != nil {
			return err
		}
		if err := e.term(v.Value); err != nil {
			return err
		}
		if err := e.body(v.Body); err != nil {
			return err
		}
	case *ast.SetComprehension:
		e.buf = append(e.buf, tSetComp)
		if err := e.term(v.Term); err != nil {
			return err
		}
		if err := e.body(v.Body); err != nil {
			return err
		}
	case ast.Call:
		e.buf = append(e.buf, tCall)
		if err := e.terms(v); err != nil {
			return err
		}
	case *ast.Not:
		e.buf = append(e.buf, tNot)
		e.bool(v.ExplicitBody)
		e.loc(v.Location)
		if err := e.body(v.Body); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: value %T", errCodec, t.Value)
	}
	e.loc(t.Location)
	return nil
}

func (e *astEncoder) body(b ast.Body) error {
	e.uint(uint64(len(b)))
	for _, x := range b {
		if err := e.expr(x); err != nil {
			return err
		}
	}
	return nil
}

func (e *astEncoder) expr(x *ast.Expr) error {
	e.uint(uint64(len(x.With)))
	for _, w := range x.With {
		if err := e.term(w.Target); err != nil {
			return err
		}
		if err := e.term(w.Value); err != nil {
			return err
		}
		e.loc(w.Location)
	}
	switch t := x.Terms.(type) {
	case *ast.Term:
		e.buf = append(e.buf, eTerm)
		if err := e.term(t); err != nil {
			return err
		}
	case []*ast.Term:
		e.buf = append(e.buf, eTerms)
		if err := e.terms(t); err != nil {
			return err
		}
	case *ast.SomeDecl:
		e.buf = append(e.buf, eSome)
		if err := e.terms(t.Symbols); err != nil {
			return err
		}
		e.loc(t.Location)
	case *ast.Every:
		e.buf = append(e.buf, eEvery)
		for _, y := range []*ast.Term{t.Key, t.Value, t.Domain} {
			if err := e.term(y); err != nil {
				return err
			}
		}
		if err := e.body(t.Body); err != nil {
			return err
		}
		e.loc(t.Location)
	default:
		return fmt.Errorf("%w: expression terms %T", errCodec, x.Terms)
	}
	e.int(x.Index)
	e.bool(x.Generated)
	e.bool(x.Negated)
	e.loc(x.Location)
	return nil
}

func (e *astEncoder) rule(r *ast.Rule) error {
	h := r.Head
	e.str(string(h.Name))
	if err := e.terms(h.Reference); err != nil {
		return err
	}
	if err := e.terms(h.Args); err != nil {
		return err
	}
	if err := e.term(h.Key); err != nil {
		return err
	}
	if err := e.term(h.Value); err != nil {
		return err
	}
	e.bool(h.Assign)
	e.loc(h.Location)
	if err := e.body(r.Body); err != nil {
		return err
	}
	e.bool(r.Default)
	e.loc(r.Location)
	if r.Else == nil {
		e.bool(false)
		return nil
	}
	e.bool(true)
	return e.rule(r.Else)
}

// encodeModules writes compiled modules (by compiler key) and the
// compiler's rewritten variables. sources maps display paths to module
// texts.
func encodeModules(mods map[string]*ast.Module, rewritten map[ast.Var]ast.Var, sources map[string]string) ([]byte, error) {
	e := &astEncoder{strs: map[string]uint64{}, sources: sources}
	names := make([]string, 0, len(mods))
	for name := range mods {
		names = append(names, name)
	}
	slices.Sort(names)
	e.uint(uint64(len(names)))
	for _, name := range names {
		m := mods[name]
		if len(m.Imports) > 0 {
			return nil, fmt.Errorf("%w: %s keeps imports", errCodec, name)
		}
		e.str(name)
		e.int(int(m.RegoVersion()))
		if err := e.terms(m.Package.Path); err != nil {
			return nil, err
		}
		e.loc(m.Package.Location)
		e.uint(uint64(len(m.Rules)))
		for _, r := range m.Rules {
			if err := e.rule(r); err != nil {
				return nil, err
			}
		}
	}
	keys := make([]ast.Var, 0, len(rewritten))
	for k := range rewritten {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(string(k))
		e.str(string(rewritten[k]))
	}
	// The string table goes first so that the decoder has it at hand.
	var out []byte
	out = binary.AppendUvarint(out, uint64(len(e.strList)))
	for _, s := range e.strList {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, e.buf...), nil
}

type astDecoder struct {
	binReader
	strs    []string
	sources map[string][]byte

	// The default catalogue decodes to some 100,000 terms, locations and
	// expressions, which a warm start would otherwise allocate one by one;
	// they live as long as the compiler, so they come from slabs. Strings,
	// variables and numbers are boxed once per entry of the string table
	// (AST values are immutable, so terms can share them).
	termSlab slab[ast.Term]
	locSlab  slab[ast.Location]
	exprSlab slab[ast.Expr]
	boxed    []ast.Value // by string-table index
	boxedTag []byte      // the tag boxed[i] was boxed for
}

// slabSize is how many values one slab allocation holds.
const slabSize = 512

// slab hands out zeroed values carved from larger allocations.
type slab[T any] struct{ free []T }

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// boxedStr is the string-table entry read next as a String, Var or Number
// value (tag says which), boxed once per entry and kind it is first read
// as (an entry read as two kinds is boxed anew for the second).
func (d *astDecoder) boxedStr(tag byte) ast.Value {
	i := d.uint()
	if i >= uint64(len(d.strs)) {
		d.fail("string index")
		return ast.String("")
	}
	if d.boxed[i] != nil && d.boxedTag[i] == tag {
		return d.boxed[i]
	}
	var v ast.Value
	switch tag {
	case tNumber:
		v = ast.Number(d.strs[i])
	case tString:
		v = ast.String(d.strs[i])
	default:
		v = ast.Var(d.strs[i])
	}
	if d.boxed[i] == nil {
		d.boxed[i], d.boxedTag[i] = v, tag
	}
	return v
}

func (d *astDecoder) bool() bool { return d.byte() == 1 }

func (d *astDecoder) str() string {
	i := d.uint()
	if i >= uint64(len(d.strs)) {
		d.fail("string index")
		return ""
	}
	return d.strs[i]
}

func (d *astDecoder) loc() *ast.Location {
	switch d.byte() {
	case 0:
		return nil
	case 1:
		l := d.locSlab.next()
		l.File, l.Row, l.Col, l.Offset = d.str(), d.int(), d.int(), d.int()
		n := d.int()
		src := d.sources[l.File]
		if l.Offset < 0 || n < 0 || l.Offset+n > len(src) {
			d.fail("location span")
			return l
		}
		l.Text = src[l.Offset : l.Offset+n : l.Offset+n]
		return l
	case 2:
		l := &ast.Location{File: d.str(), Row: d.int(), Col: d.int(), Offset: d.int()}
		if t := d.str(); t != "" {
			l.Text = []byte(t)
		}
		return l
	}
	d.fail("location tag")
	return nil
}

func (d *astDecoder) terms() []*ast.Term {
	n := d.count()
	if n == 0 {
		return nil
	}
	ts := make([]*ast.Term, n)
	for i := range ts {
		if ts[i] = d.term(); ts[i] == nil {
			// No list the encoder writes holds a nil term.
			d.fail("nil element")
			return nil
		}
	}
	return ts
}

func (d *astDecoder) term() *ast.Term {
	if d.err != nil {
		return nil
	}
	var v ast.Value
	switch tag := d.byte(); tag {
	case 0:
		return nil
	case tNull:
		v = ast.Null{}
	case tBoolean:
		v = ast.Boolean(d.bool())
	case tNumber, tString, tVar:
		v = d.boxedStr(tag)
	case tRef:
		v = ast.Ref(d.terms())
	case tArray:
		ts := d.terms()
		if d.err != nil {
			return nil
		}
		v = ast.NewArray(ts...)
	case tObject:
		n := d.count()
		pairs := make([][2]*ast.Term, n)
		for i := range pairs {
			pairs[i] = [2]*ast.Term{d.term(), d.term()}
			if pairs[i][0] == nil || pairs[i][1] == nil {
				d.fail("nil object element")
				return nil
			}
		}
		if d.err != nil {
			return nil
		}
		v = ast.NewObject(pairs...)
	case tSet:
		ts := d.terms()
		if d.err != nil {
			return nil
		}
		v = ast.NewSet(ts...)
	case tArrayComp:
		v = &ast.ArrayComprehension{Term: d.term(), Body: d.body()}
	case tObjectComp:
		v = &ast.ObjectComprehension{Key: d.term(), Value: d.term(), Body: d.body()}
	case tSetComp:
		v = &ast.SetComprehension{Term: d.term(), Body: d.body()}
	case tCall:
		v = ast.Call(d.terms())
	case tNot:
		explicit := d.bool()
		l := d.loc()
		v = &ast.Not{ExplicitBody: explicit, Location: l, Body: d.body()}
	default:
		d.fail(fmt.Sprintf("value tag %d", tag))
		return nil
	}
	if d.err != nil {
		return nil
	}
	t := d.termSlab.next()
	t.Value, t.Location = v, d.loc()
	return t
}

func (d *astDecoder) body() ast.Body {
	n := d.count()
	if n == 0 {
		return nil
	}
	b := make(ast.Body, n)
	for i := range b {
		b[i] = d.expr()
		if d.err != nil {
			return b[:i]
		}
	}
	return b
}

func (d *astDecoder) expr() *ast.Expr {
	x := d.exprSlab.next()
	if n := d.count(); n > 0 {
		x.With = make([]*ast.With, n)
		for i := range x.With {
			x.With[i] = &ast.With{Target: d.term(), Value: d.term(), Location: d.loc()}
		}
	}
	switch tag := d.byte(); tag {
	case eTerm:
		x.Terms = d.term()
	case eTerms:
		x.Terms = d.terms()
	case eSome:
		x.Terms = &ast.SomeDecl{Symbols: d.terms(), Location: d.loc()}
	case eEvery:
		x.Terms = &ast.Every{Key: d.term(), Value: d.term(), Domain: d.term(), Body: d.body(), Location: d.loc()}
	default:
		d.fail(fmt.Sprintf("expression tag %d", tag))
		return x
	}
	x.Index = d.int()
	x.Generated = d.bool()
	x.Negated = d.bool()
	x.Location = d.loc()
	return x
}

func (d *astDecoder) rule(m *ast.Module) *ast.Rule {
	h := &ast.Head{Name: ast.Var(d.str())}
	h.Reference = ast.Ref(d.terms())
	h.Args = ast.Args(d.terms())
	h.Key = d.term()
	h.Value = d.term()
	h.Assign = d.bool()
	h.Location = d.loc()
	r := &ast.Rule{Head: h, Module: m}
	r.Body = d.body()
	r.Default = d.bool()
	r.Location = d.loc()
	if d.bool() && d.err == nil {
		r.Else = d.rule(m)
	}
	return r
}

// decodeModules reads what encodeModules wrote. sources must hold the same
// texts; the cache key guarantees it.
func decodeModules(b []byte, sources map[string][]byte) (map[string]*ast.Module, map[ast.Var]ast.Var, error) {
	d := &astDecoder{binReader: binReader{b: b, kind: errCodec}, sources: sources}
	n := d.count()
	d.strs = make([]string, n)
	d.boxed, d.boxedTag = make([]ast.Value, n), make([]byte, n)
	for i := range d.strs {
		l := d.count()
		if d.err != nil {
			return nil, nil, d.err
		}
		d.strs[i] = string(d.b[:l])
		d.b = d.b[l:]
	}
	mods := map[string]*ast.Module{}
	for range d.count() {
		name := d.str()
		m := &ast.Module{}
		m.SetRegoVersion(ast.RegoVersion(d.int()))
		m.Package = &ast.Package{Path: ast.Ref(d.terms()), Location: d.loc()}
		rules := d.count()
		m.Rules = make([]*ast.Rule, 0, rules)
		for range rules {
			if d.err != nil {
				break
			}
			m.Rules = append(m.Rules, d.rule(m))
		}
		mods[name] = m
	}
	rewritten := map[ast.Var]ast.Var{}
	for range d.count() {
		k := ast.Var(d.str())
		rewritten[k] = ast.Var(d.str())
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	return mods, rewritten, nil
}
