package engine

// The load cache keeps the catalogue's plan (vm.go) in this compact binary
// form, so that a warm start neither compiles in OPA's IR mode nor plans:
// together they cost several times the rest of a load. The decoder trusts
// nothing it reads: every index is checked against what it points into, and
// anything out of place fails the decode, which makes the entry a miss.

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// maxPlanDepth bounds the nesting of blocks a decoded plan may have (the
// default catalogue's deepest is under 20).
const maxPlanDepth = 256

// Operand kinds in the encoding.
const (
	kLocal byte = iota
	kTrue
	kFalse
	kString
	kNumber
)

type planEncoder struct {
	buf  []byte
	strs map[string]int
	tab  []string
	fns  map[*vmFunc]int
}

func (e *planEncoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *planEncoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *planEncoder) str(s string) {
	i, ok := e.strs[s]
	if !ok {
		i = len(e.tab)
		e.strs[s] = i
		e.tab = append(e.tab, s)
	}
	e.uint(uint64(i))
}

// encodeProgram encodes p: its string table, then the body.
func encodeProgram(p *program) ([]byte, error) {
	e := &planEncoder{strs: map[string]int{}, fns: map[*vmFunc]int{}}
	for i, f := range p.funcs {
		e.fns[f] = i
	}
	e.uint(uint64(len(p.files)))
	for _, f := range p.files {
		e.str(f)
	}
	e.uint(uint64(len(p.funcs)))
	for _, f := range p.funcs {
		if err := e.fn(f); err != nil {
			return nil, err
		}
	}
	if err := e.fn(p.plan); err != nil {
		return nil, err
	}
	e.uint(uint64(len(p.dynamic)))
	for _, path := range slices.Sorted(maps.Keys(p.dynamic)) {
		e.str(path)
		e.uint(uint64(e.fns[p.dynamic[path]]))
	}
	body := e.buf
	e.buf = nil
	e.uint(uint64(len(e.tab)))
	for _, s := range e.tab {
		e.uint(uint64(len(s)))
	}
	for _, s := range e.tab {
		e.buf = append(e.buf, s...)
	}
	return append(e.buf, body...), nil
}

func (e *planEncoder) fn(f *vmFunc) error {
	e.str(f.name)
	e.uint(uint64(len(f.params)))
	for _, p := range f.params {
		e.uint(uint64(p))
	}
	e.int(int64(f.ret))
	e.uint(uint64(f.nlocals))
	if f.memo {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
	return e.blocks(f.blocks)
}

func (e *planEncoder) blocks(bs []vmBlock) error {
	e.uint(uint64(len(bs)))
	for _, b := range bs {
		e.uint(uint64(len(b)))
		for i := range b {
			if err := e.stmt(&b[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *planEncoder) operand(o operand) error {
	if o.term == nil {
		e.buf = append(e.buf, kLocal)
		e.uint(uint64(o.local))
		return nil
	}
	switch v := o.term.Value.(type) {
	case ast.Boolean:
		if v {
			e.buf = append(e.buf, kTrue)
		} else {
			e.buf = append(e.buf, kFalse)
		}
	case ast.String:
		e.buf = append(e.buf, kString)
		e.str(string(v))
	case ast.Number:
		e.buf = append(e.buf, kNumber)
		e.str(string(v))
	default:
		return fmt.Errorf("constant %v of type %T", o.term, o.term.Value)
	}
	return nil
}

func (e *planEncoder) operands(os []operand) error {
	e.uint(uint64(len(os)))
	for _, o := range os {
		if err := e.operand(o); err != nil {
			return err
		}
	}
	return nil
}

// Fields of a statement present in its encoding (a mask after the op).
const (
	fA = 1 << iota
	fB
	fTarget
	fValue
	fIndex
	fExt // fn, name, args, path and blocks follow
)

func (e *planEncoder) stmt(s *vmStmt) error {
	var mask uint64
	zero := operand{}
	if s.a != zero {
		mask |= fA
	}
	if s.b != zero {
		mask |= fB
	}
	if s.target != 0 {
		mask |= fTarget
	}
	if s.value != 0 {
		mask |= fValue
	}
	if s.index != 0 {
		mask |= fIndex
	}
	if s.stmtExt != nil {
		mask |= fExt
	}
	e.buf = append(e.buf, byte(s.op))
	e.uint(mask)
	e.int(int64(s.file))
	e.uint(uint64(s.row))
	if mask&fA != 0 {
		if err := e.operand(s.a); err != nil {
			return err
		}
	}
	if mask&fB != 0 {
		if err := e.operand(s.b); err != nil {
			return err
		}
	}
	if mask&fTarget != 0 {
		e.uint(uint64(s.target))
	}
	if mask&fValue != 0 {
		e.uint(uint64(s.value))
	}
	if mask&fIndex != 0 {
		e.uint(uint64(s.index))
	}
	if mask&fExt == 0 {
		return nil
	}
	if s.fn != nil {
		e.uint(uint64(e.fns[s.fn]) + 1)
	} else {
		e.uint(0)
	}
	e.str(s.name)
	if err := e.operands(s.args); err != nil {
		return err
	}
	if err := e.operands(s.path); err != nil {
		return err
	}
	return e.blocks(s.blocks)
}

var errPlanCodec = errors.New("plan codec")

type planDecoder struct {
	// A plan is thousands of statements, blocks and operands, decoded
	// in every process that scores: they come from slabs.
	stmtSlab    []vmStmt
	blockSlab   []vmBlock
	operandSlab []operand
	extSlab     []stmtExt

	binReader
	strs  []string
	terms []*ast.Term // by string index: the String term, made once
	funcs []*vmFunc
	depth int
	// the function being decoded and its locals, which every local
	// index is checked against
	nlocals int
}

func (d *planDecoder) strIndex() int {
	i := d.uint()
	if i >= uint64(len(d.strs)) {
		d.fail("string index")
		return 0
	}
	return int(i)
}

func (d *planDecoder) str() string {
	if len(d.strs) == 0 {
		d.fail("string index")
		return ""
	}
	return d.strs[d.strIndex()]
}

func (d *planDecoder) local() int32 {
	l := d.uint()
	if l >= uint64(d.nlocals) {
		d.fail("local")
		return 0
	}
	return int32(l)
}

// decodeProgram decodes what encodeProgram wrote.
func decodeProgram(b []byte) (*program, error) {
	d := &planDecoder{binReader: binReader{b: b, kind: errPlanCodec}}
	// The string table is one string, and each entry a part of it.
	n := d.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = d.count()
		total += lens[i]
	}
	if total > len(d.b) {
		d.fail("string table")
		return nil, d.err
	}
	all := string(d.b[:total])
	d.b = d.b[total:]
	d.strs = make([]string, n)
	for i, l := range lens {
		d.strs[i], all = all[:l], all[l:]
	}
	d.terms = make([]*ast.Term, len(d.strs))
	p := &program{dynamic: map[string]*vmFunc{}}
	nf := d.count()
	for range nf {
		p.files = append(p.files, d.str())
	}
	nfn := d.count()
	// Functions are made first, bodies after, since a body may call any.
	d.funcs = make([]*vmFunc, nfn)
	for i := range d.funcs {
		d.funcs[i] = &vmFunc{index: i}
	}
	for i := range nfn {
		d.fn(d.funcs[i])
	}
	p.funcs = d.funcs
	p.plan = &vmFunc{index: nfn}
	d.fn(p.plan)
	nd := d.count()
	for range nd {
		path := d.str()
		i := d.uint()
		if i >= uint64(nfn) {
			d.fail("function index")
			break
		}
		p.dynamic[path] = d.funcs[i]
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	// Calls are checked once every function is known.
	var check func(bs []vmBlock) error
	check = func(bs []vmBlock) error {
		for _, b := range bs {
			for i := range b {
				s := &b[i]
				if s.stmtExt == nil {
					continue
				}
				if s.op == opCall && len(s.args) != len(s.fn.params) {
					return fmt.Errorf("%w: call of %s", errPlanCodec, s.fn.name)
				}
				if err := check(s.blocks); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, f := range append(p.funcs, p.plan) {
		if err := check(f.blocks); err != nil {
			return nil, err
		}
	}
	p.markShared()
	return p, nil
}

func (d *planDecoder) fn(f *vmFunc) {
	f.name = d.str()
	np := d.count()
	params := make([]int64, np)
	for i := range params {
		params[i] = int64(d.uint())
	}
	f.ret = int32(d.int())
	nl := d.uint()
	if nl > 1<<16 {
		d.fail("locals")
		return
	}
	f.nlocals = int(nl)
	d.nlocals = f.nlocals
	for _, p := range params {
		if p < 0 || uint64(p) >= nl {
			d.fail("parameter")
			return
		}
		f.params = append(f.params, int32(p))
	}
	if f.ret < -1 || int(f.ret) >= f.nlocals {
		d.fail("return local")
		return
	}
	f.memo = d.byte() == 1
	f.blocks = d.blocks()
}

func (d *planDecoder) blocks() []vmBlock {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxPlanDepth {
		d.fail("nesting")
		return nil
	}
	n := d.count()
	out := carve(&d.blockSlab, n)
	for i := range out {
		m := d.count()
		b := vmBlock(carve(&d.stmtSlab, m))
		for j := range b {
			d.stmt(&b[j])
			if d.err != nil {
				return nil
			}
		}
		out[i] = b
	}
	return out
}

func (d *planDecoder) operand() operand {
	switch d.byte() {
	case kLocal:
		return operand{local: d.local()}
	case kTrue:
		return operand{term: termTrue}
	case kFalse:
		return operand{term: termFalse}
	case kString:
		i := d.strIndex()
		if d.err != nil {
			return operand{}
		}
		if d.terms[i] == nil {
			d.terms[i] = keyTermOf(d.strs[i])
		}
		return operand{term: d.terms[i]}
	case kNumber:
		s := d.str()
		if _, err := json.Number(s).Float64(); err != nil {
			d.fail("number")
			return operand{}
		}
		return operand{term: ast.NewTerm(ast.Number(s))}
	}
	d.fail("operand")
	return operand{}
}

// carve returns n zeroed elements from *slab, refilling it when short.
func carve[T any](slab *[]T, n int) []T {
	if n == 0 {
		return nil
	}
	if len(*slab) < n {
		*slab = make([]T, max(n, 1024))
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

func (d *planDecoder) ext() *stmtExt {
	return &carve(&d.extSlab, 1)[0]
}

func (d *planDecoder) operands() []operand {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := carve(&d.operandSlab, n)
	for i := range out {
		out[i] = d.operand()
	}
	return out
}

func (d *planDecoder) stmt(s *vmStmt) {
	s.op = opcode(d.byte())
	if s.op > opResultSetAdd {
		d.fail("statement")
		return
	}
	mask := d.uint()
	s.file = int32(d.int())
	s.row = int32(d.uint())
	if mask&fA != 0 {
		s.a = d.operand()
	}
	if mask&fB != 0 {
		s.b = d.operand()
	}
	if mask&fTarget != 0 {
		s.target = d.local()
	}
	if mask&fValue != 0 {
		s.value = d.local()
	}
	if mask&fIndex != 0 {
		idx := d.uint()
		if idx > 1<<20 {
			d.fail("index")
			return
		}
		s.index = int32(idx)
	}
	if mask&fExt != 0 {
		s.stmtExt = d.ext()
		if fi := d.uint(); fi > 0 {
			if fi > uint64(len(d.funcs)) {
				d.fail("function index")
				return
			}
			s.fn = d.funcs[fi-1]
		}
		s.name = d.str()
		s.args = d.operands()
		s.path = d.operands()
		s.blocks = d.blocks()
	}
	if d.err != nil {
		return
	}
	switch s.op {
	case opCall, opCallBuiltin, opCallDynamic, opBlock, opScan, opNot, opWith:
		if s.stmtExt == nil {
			d.fail("statement without its calls or blocks")
			return
		}
	}
	// What each statement needs to run must be there.
	switch s.op {
	case opCall:
		if s.fn == nil {
			d.fail("call without a function")
		}
	case opCallBuiltin:
		if s.bi = topdown.GetBuiltin(s.name); s.bi == nil {
			d.fail("unknown built-in " + s.name)
		}
		s.rx = regexSiteFor(s.name)
		s.native = nativeFor(s.name, len(s.args))
	case opScan, opNot, opWith:
		if len(s.blocks) != 1 {
			d.fail("nested block")
		}
	}
	switch s.op {
	case opMakeNumber, opAssignInt:
		if s.a.term == nil {
			d.fail("number constant")
		}
	case opWith:
		for _, p := range s.path {
			if p.term == nil {
				d.fail("with path")
			}
		}
	}
}
