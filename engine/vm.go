package engine

// The plan evaluator: the catalogue's query planned by OPA's planner into
// its intermediate representation (package ir), then run here statement by
// statement over ast values. Built-in functions are OPA's own (topdown's),
// so the two evaluators share every built-in's behaviour; what differs is
// the control flow, which the IR makes explicit: no unification, no
// bindings, no plugging. docs/architecture.md, "Evaluation", says why and
// how the two are kept in agreement.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/topdown/cache"
)

// planTarget is the rego target under which the planner hands us its plan.
const planTarget = "score-plan"

type planSink struct{}

// planPlugin receives the plan of a query prepared with the planTarget: the
// rego package plans the query and passes the plan to PrepareForEval, which
// stores it where the caller's context says (planQuery).
type planPlugin struct{}

func (planPlugin) IsTarget(t string) bool { return t == planTarget }

func (planPlugin) PrepareForEval(ctx context.Context, p *ir.Policy, _ ...rego.PrepareOption) (rego.TargetPluginEval, error) {
	sink, ok := ctx.Value(planSink{}).(**ir.Policy)
	if !ok {
		return nil, errors.New("plan prepared outside the engine")
	}
	*sink = p
	return planPlugin{}, nil
}

func (planPlugin) Eval(context.Context, *rego.EvalContext, ast.Value) (ast.Value, error) {
	return nil, errors.New("a plan is evaluated by the engine, not through rego")
}

var registerPlanPlugin = sync.OnceFunc(func() { rego.RegisterPlugin(planTarget, planPlugin{}) })

// planProgram plans query over the modules of c and makes the plan ready
// to run.
func planProgram(ctx context.Context, caps *ast.Capabilities, c *ast.Compiler, query string) (*program, error) {
	p, err := planQuery(ctx, caps, c, query)
	if err != nil {
		return nil, err
	}
	return newProgram(p)
}

func planQuery(ctx context.Context, caps *ast.Capabilities, c *ast.Compiler, query string) (*ir.Policy, error) {
	registerPlanPlugin()
	var p *ir.Policy
	ctx = context.WithValue(ctx, planSink{}, &p)
	if _, err := rego.New(rego.Compiler(c), rego.Capabilities(caps), rego.Target(planTarget), rego.Query(query)).PrepareForEval(ctx); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errors.New("the planner returned no plan")
	}
	return p, nil
}

type opcode uint8

const (
	opNop opcode = iota
	opReturn
	opCall
	opCallBuiltin
	opCallDynamic
	opBlock
	opBreak
	opDot
	opLen
	opScan
	opNot
	opAssignInt
	opAssignVar
	opAssignVarOnce
	opResetLocal
	opMakeNull
	opMakeNumber
	opMakeArray
	opMakeObject
	opMakeSet
	opEqual
	opNotEqual
	opIsArray
	opIsObject
	opIsSet
	opIsDefined
	opIsUndefined
	opArrayAppend
	opObjectInsert
	opObjectInsertOnce
	opObjectMerge
	opSetAdd
	opWith
	opResultSetAdd
)

// operand is a local (term == nil) or a constant.
type operand struct {
	local int32
	term  *ast.Term
}

// vmStmt is one statement. It is kept small (the default catalogue has
// some 9,000): what only calls and nested blocks need is in stmtExt.
type vmStmt struct {
	op     opcode
	target int32 // the local written; for scans the key local
	value  int32 // scan: the value local
	index  int32 // break: levels; make array: capacity
	file   int32 // the statement's place in the policies: index in
	row    int32 // program.files (-1: none) and line
	a, b   operand
	*stmtExt
}

type stmtExt struct {
	blocks []vmBlock
	fn     *vmFunc
	bi     topdown.BuiltinFunc
	args   []operand
	path   []operand  // dynamic call path; with: the path's strings
	name   string     // a call's function
	rx     *regexSite // regex.match, regex.find_n: what rules a match out (regexfilter.go)
	native nativeOp   // a built-in the evaluator runs itself (vmnative.go)
}

type vmBlock []vmStmt

type vmFunc struct {
	name    string
	index   int
	params  []int32
	ret     int32
	nlocals int
	blocks  []vmBlock
	memo    bool
	// free: the function's value depends on neither input nor anything
	// that changes between evaluations (markShared). A free rule's value
	// is kept in program.shared from one evaluation to the next, and a
	// free function's value for arguments that are themselves kept values
	// or constants in program.calls.
	free bool
}

// program is a plan made ready to run: calls resolved to functions or
// built-ins, constants made terms.
type program struct {
	funcs   []*vmFunc
	dynamic map[string]*vmFunc // "a/b/c" of Func.Path -> function
	plan    *vmFunc
	files   []string
	shared  []atomic.Pointer[sharedValue] // by function index
	calls   sync.Map                      // sharedCall -> *ast.Term
	stable  sync.Map                      // *ast.Term -> struct{}: kept values
	consts  map[*ast.Term]struct{}        // constants calls pass and locals are set to (markShared); never changed
	ncalls  atomic.Int32
	elided  int // copies elideCopies removed (a decoded plan has them removed already)

	checksOnce sync.Once
	checks     []checkFns // the checks' rules (checkParts), for checksFor
	checksFor  []Check    // compared by sameRules
}

// checkFns are the plan's functions of one check's rules: its package's
// applicable, violation, evidence and warning (nil for a rule the package
// does not define).
type checkFns struct {
	applicable, violation, evidence, warning *vmFunc
}

// checkParts returns the functions of every check's rules, or nil when the
// plan lacks one (see generatedModule: its check_<i> rules reference them
// all, so the planner makes each a function of input and data). The engine
// calls them itself: building the check_<i> object of every check, and
// copying its sets into arrays, was an eighth of an evaluation's
// statements for a repository with little in it.
func (p *program) checkParts(checks []Check) []checkFns {
	p.checksOnce.Do(func() {
		byName := make(map[string]*vmFunc, len(p.funcs))
		for _, f := range p.funcs {
			// A rule's function is named by its group and path:
			// g0.data.score.checks.build.ci_pipeline.violation.
			if _, path, ok := strings.Cut(f.name, "."); ok && f.memo {
				byName[path] = f
			}
		}
		parts := make([]checkFns, len(checks))
		for i, c := range checks {
			rule := func(name string, has bool) (*vmFunc, bool) {
				if !has {
					return nil, true
				}
				f, ok := byName["data."+c.Package+"."+name]
				return f, ok
			}
			var ok [4]bool
			parts[i].applicable, ok[0] = rule("applicable", c.HasApplicable)
			parts[i].violation, ok[1] = rule("violation", true)
			parts[i].evidence, ok[2] = rule("evidence", c.HasEvidence)
			parts[i].warning, ok[3] = rule("warning", c.HasWarning)
			if ok != [4]bool{true, true, true, true} {
				return
			}
		}
		p.checks = parts
		p.checksFor = checks
	})
	if len(p.checksFor) != len(checks) || len(checks) > 0 && &p.checksFor[0] != &checks[0] && !slices.EqualFunc(p.checksFor, checks, sameRules) {
		return nil
	}
	return p.checks
}

// sameRules reports whether two checks have the same rules in the plan:
// the parts are looked up by package and by which rules it defines, not
// by a check's title, level or weight (which overrides change).
func sameRules(a, b Check) bool {
	return a.Package == b.Package && a.HasApplicable == b.HasApplicable && a.HasEvidence == b.HasEvidence && a.HasWarning == b.HasWarning
}

// sharedCall is a free function called on kept values or constants, for
// one data document: arguments are compared by identity, since a kept
// value is never changed (the table of a check handed to a helper that
// prepares it, as deps.compile).
type sharedCall struct {
	fn   int32
	data ast.Value
	args [maxSharedArgs]*ast.Term
}

const (
	maxSharedArgs  = 4
	maxSharedCalls = 4096 // beyond it, calls are remembered per evaluation only
)

// isKept reports whether t is a kept value (a free rule's or call's) or a
// constant some call passes or a local is set to, which may be passed on
// to another function (glob_matching(ts, "linters") calling globs(key)).
func (p *program) isKept(t *ast.Term) bool {
	if _, ok := p.consts[t]; ok {
		return true
	}
	_, ok := p.stable.Load(t)
	return ok
}

// keepCall records v as the value of the shared call k.
func (p *program) keepCall(k sharedCall, v *ast.Term) {
	if p.ncalls.Add(1) > maxSharedCalls {
		return
	}
	p.calls.Store(k, v)
	if v != nil {
		p.stabilize(v)
	}
}

// stabilize records v as a kept value, and the terms in it down to
// maxStableDepth levels, at most maxStableTerms of them: a kept value is
// never changed, so neither is what it holds, and a function called on
// one of its elements (commands.word on each expression of a kept tool
// table) is then a shared call too, computed once rather than once an
// evaluation.
func (p *program) stabilize(v *ast.Term) {
	n := 0
	var walk func(t *ast.Term, depth int)
	walk = func(t *ast.Term, depth int) {
		if n >= maxStableTerms {
			return
		}
		n++
		p.stable.Store(t, struct{}{})
		if depth == maxStableDepth {
			return
		}
		switch x := t.Value.(type) {
		case *ast.Array:
			for i := 0; i < x.Len(); i++ {
				walk(x.Elem(i), depth+1)
			}
		case ast.Object:
			x.Foreach(func(k, e *ast.Term) {
				walk(k, depth+1)
				walk(e, depth+1)
			})
		case ast.Set:
			x.Foreach(func(e *ast.Term) { walk(e, depth+1) })
		}
	}
	walk(v, 0)
}

const (
	maxStableDepth = 3
	maxStableTerms = 1024
)

// sharedValue is a shared rule's value for one data document, and the
// values for others: engines made by WithConfig share the plan with their
// own data (a golden path's config each).
type sharedValue struct {
	data ast.Value
	v    *ast.Term
	next *sharedValue
}

// maxSharedData bounds the data documents a shared rule keeps values for.
const maxSharedData = 8

// lookup returns the value kept for data.
func (sv *sharedValue) lookup(data ast.Value) (*ast.Term, bool) {
	for ; sv != nil; sv = sv.next {
		if sv.data == data {
			return sv.v, true
		}
	}
	return nil, false
}

// keep records v as f's value for data. Values are immutable once kept
// and evaluations may race to keep one: the loser's is the same value.
func (p *program) keep(f *vmFunc, data ast.Value, v *ast.Term) {
	slot := &p.shared[f.index]
	for {
		old := slot.Load()
		n := &sharedValue{data: data, v: v}
		// The newest first; the oldest dropped past the bound.
		tail, count := &n.next, 1
		for o := old; o != nil && count < maxSharedData; o = o.next {
			if o.data != data {
				*tail = &sharedValue{data: o.data, v: o.v}
				tail = &(*tail).next
				count++
			}
		}
		if slot.CompareAndSwap(old, n) {
			if v != nil {
				p.stabilize(v)
			}
			return
		}
	}
}

var (
	termTrue  = ast.BooleanTerm(true)
	termFalse = ast.BooleanTerm(false)
)

// newProgram resolves p's single plan, every function and built-in.
func newProgram(p *ir.Policy) (*program, error) {
	if p.Plans == nil || len(p.Plans.Plans) != 1 {
		return nil, errors.New("the plan must have exactly one query")
	}
	strs := make([]*ast.Term, len(p.Static.Strings))
	for i, s := range p.Static.Strings {
		strs[i] = keyTermOf(s.Value)
	}
	prog := &program{dynamic: map[string]*vmFunc{}}
	for _, f := range p.Static.Files {
		prog.files = append(prog.files, f.Value)
	}
	byName := map[string]*vmFunc{}
	var funcs []*ir.Func
	if p.Funcs != nil {
		funcs = p.Funcs.Funcs
	}
	for i, f := range funcs {
		vf := &vmFunc{name: f.Name, index: i, ret: int32(f.Return), memo: len(f.Params) == 2}
		for _, l := range f.Params {
			vf.params = append(vf.params, int32(l))
		}
		prog.funcs = append(prog.funcs, vf)
		byName[f.Name] = vf
		if len(f.Path) > 0 {
			prog.dynamic[strings.Join(f.Path, "/")] = vf
		}
	}
	r := &resolver{strs: strs, funcs: byName}
	for i, f := range funcs {
		vf := prog.funcs[i]
		vf.nlocals = maxLocal(vf.ret, vf.params) + 1
		blocks, err := r.blocks(f.Blocks, &vf.nlocals)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		vf.blocks = blocks
	}
	plan := p.Plans.Plans[0]
	pf := &vmFunc{name: plan.Name, index: len(prog.funcs), params: []int32{int32(ir.Input), int32(ir.Data)}, ret: -1}
	pf.nlocals = 2
	blocks, err := r.blocks(plan.Blocks, &pf.nlocals)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", plan.Name, err)
	}
	pf.blocks = blocks
	prog.plan = pf
	for _, f := range append(prog.funcs[:len(prog.funcs):len(prog.funcs)], pf) {
		prog.elided += elideCopies(f)
	}
	prog.markShared()
	return prog, nil
}

// markShared finds the rules whose values can be kept from one evaluation
// to the next: the catalogue's tables (tool words, library patterns,
// scanner names) are rules that read no input, and rebuilding them was a
// third of an evaluation's allocations. A rule is shared when neither it
// nor anything it calls reads input, calls a built-in OPA marks
// non-deterministic (time.now_ns, rand.intn, http.send...), makes a
// dynamic call, or uses with. It may read data: the value is kept with
// the data document it was computed on, and used only outside with, where
// data and input are the evaluation's own.
func (p *program) markShared() {
	const (
		unknown = iota
		visiting
		free
		bound
	)
	state := make([]int8, len(p.funcs))
	var fnFree func(f *vmFunc) bool
	var blocksFree func(bs []vmBlock) bool
	reads := func(o operand) bool { return o.term == nil && o.local == int32(ir.Input) }
	stmtFree := func(s *vmStmt) bool {
		switch s.op {
		case opWith, opCallDynamic:
			return false
		case opCall:
			for i, a := range s.args {
				if i >= 2 && reads(a) {
					return false
				}
			}
			return fnFree(s.fn)
		case opCallBuiltin:
			if b, ok := ast.BuiltinMap[s.name]; !ok || b.Nondeterministic {
				return false
			}
			switch s.name {
			case "print", "trace", "opa.runtime":
				return false
			}
			for _, a := range s.args {
				if reads(a) {
					return false
				}
			}
		case opNop, opBlock, opBreak, opNot, opResetLocal, opMakeNull,
			opMakeArray, opMakeObject, opMakeSet:
			// No operand.
		case opDot, opEqual, opNotEqual, opObjectInsert, opObjectInsertOnce, opObjectMerge:
			if reads(s.a) || reads(s.b) {
				return false
			}
		default:
			if reads(s.a) {
				return false
			}
		}
		return s.stmtExt == nil || blocksFree(s.blocks)
	}
	blocksFree = func(bs []vmBlock) bool {
		for _, b := range bs {
			for i := range b {
				if !stmtFree(&b[i]) {
					return false
				}
			}
		}
		return true
	}
	fnFree = func(f *vmFunc) bool {
		switch state[f.index] {
		case free:
			return true
		case bound, visiting: // visiting: recursion, which Rego has not
			return false
		}
		state[f.index] = visiting
		ok := len(f.params) >= 2 && f.params[0] == int32(ir.Input) && f.params[1] == int32(ir.Data) && blocksFree(f.blocks)
		state[f.index] = bound
		if ok {
			state[f.index] = free
		}
		return ok
	}
	p.shared = make([]atomic.Pointer[sharedValue], len(p.funcs))
	for _, f := range p.funcs {
		f.free = fnFree(f)
	}
	// The constants a function is called with or a local is set to: a
	// callee may pass its parameter on to another function, which is
	// then called on a constant too. Constants are never changed (the
	// statements that change a collection in place change only the ones
	// MakeArray, MakeObject and MakeSet made).
	p.consts = map[*ast.Term]struct{}{}
	var walk func(bs []vmBlock)
	walk = func(bs []vmBlock) {
		for _, b := range bs {
			for i := range b {
				s := &b[i]
				if (s.op == opAssignVar || s.op == opAssignVarOnce) && s.a.term != nil {
					p.consts[s.a.term] = struct{}{}
				}
				if s.stmtExt == nil {
					continue
				}
				if s.op == opCall && len(s.args) > 2 {
					for _, a := range s.args[2:] {
						if a.term != nil {
							p.consts[a.term] = struct{}{}
						}
					}
				}
				walk(s.blocks)
			}
		}
	}
	for _, f := range p.funcs {
		walk(f.blocks)
	}
	if p.plan != nil {
		walk(p.plan.blocks)
	}
}

func maxLocal(ret int32, params []int32) int {
	m := int(ret)
	for _, p := range params {
		m = max(m, int(p))
	}
	return m
}

type resolver struct {
	strs  []*ast.Term
	funcs map[string]*vmFunc
}

func (r *resolver) blocks(bs []*ir.Block, n *int) ([]vmBlock, error) {
	out := make([]vmBlock, len(bs))
	for i, b := range bs {
		vb, err := r.block(b, n)
		if err != nil {
			return nil, err
		}
		out[i] = vb
	}
	return out, nil
}

func (r *resolver) block(b *ir.Block, n *int) (vmBlock, error) {
	out := make(vmBlock, 0, len(b.Stmts))
	for _, s := range b.Stmts {
		vs, err := r.stmt(s, n)
		if err != nil {
			return nil, err
		}
		vs.file, vs.row = -1, 0
		if loc := s.GetLocation(); loc != nil {
			vs.file, vs.row = int32(loc.File), int32(loc.Row)
		}
		out = append(out, vs)
	}
	return out, nil
}

func (r *resolver) operand(o ir.Operand, n *int) (operand, error) {
	switch v := o.Value.(type) {
	case ir.Local:
		*n = max(*n, int(v)+1)
		return operand{local: int32(v)}, nil
	case ir.Bool:
		if v {
			return operand{term: termTrue}, nil
		}
		return operand{term: termFalse}, nil
	case ir.StringIndex:
		if int(v) < 0 || int(v) >= len(r.strs) {
			return operand{}, fmt.Errorf("string %d out of range", v)
		}
		return operand{term: r.strs[v]}, nil
	}
	return operand{}, fmt.Errorf("unknown operand %T", o.Value)
}

func (r *resolver) local(l ir.Local, n *int) int32 {
	*n = max(*n, int(l)+1)
	return int32(l)
}

func (r *resolver) stmt(s ir.Stmt, n *int) (vmStmt, error) {
	var (
		v    vmStmt
		errs []error
	)
	opnd := func(o ir.Operand) operand {
		x, err := r.operand(o, n)
		errs = append(errs, err)
		return x
	}
	sub := func(b *ir.Block) []vmBlock {
		vb, err := r.block(b, n)
		errs = append(errs, err)
		return []vmBlock{vb}
	}
	switch s := s.(type) {
	case *ir.NopStmt:
		v.op = opNop
	case *ir.ReturnLocalStmt:
		v = vmStmt{op: opReturn, a: operand{local: r.local(s.Source, n)}}
	case *ir.CallStmt:
		v = vmStmt{target: r.local(s.Result, n), stmtExt: &stmtExt{name: s.Func}}
		for _, a := range s.Args {
			v.args = append(v.args, opnd(a))
		}
		if fn, ok := r.funcs[s.Func]; ok {
			v.op, v.fn = opCall, fn
			if len(v.args) != len(fn.params) {
				return v, fmt.Errorf("call of %s with %d arguments, it takes %d", s.Func, len(v.args), len(fn.params))
			}
		} else if bi := topdown.GetBuiltin(s.Func); bi != nil {
			v.op, v.bi, v.rx, v.native = opCallBuiltin, bi, regexSiteFor(s.Func), nativeFor(s.Func, len(v.args))
		} else {
			return v, fmt.Errorf("unknown function %q", s.Func)
		}
	case *ir.CallDynamicStmt:
		v = vmStmt{op: opCallDynamic, target: r.local(s.Result, n), stmtExt: &stmtExt{}}
		for _, a := range s.Args {
			v.args = append(v.args, operand{local: r.local(a, n)})
		}
		for _, p := range s.Path {
			v.path = append(v.path, opnd(p))
		}
	case *ir.BlockStmt:
		v = vmStmt{op: opBlock, stmtExt: &stmtExt{}}
		for _, b := range s.Blocks {
			v.blocks = append(v.blocks, sub(b)...)
		}
	case *ir.BreakStmt:
		v = vmStmt{op: opBreak, index: int32(s.Index)}
	case *ir.DotStmt:
		v = vmStmt{op: opDot, a: opnd(s.Source), b: opnd(s.Key), target: r.local(s.Target, n)}
	case *ir.LenStmt:
		v = vmStmt{op: opLen, a: opnd(s.Source), target: r.local(s.Target, n)}
	case *ir.ScanStmt:
		v = vmStmt{op: opScan, a: operand{local: r.local(s.Source, n)}, target: r.local(s.Key, n), value: r.local(s.Value, n), stmtExt: &stmtExt{blocks: sub(s.Block)}}
	case *ir.NotStmt:
		v = vmStmt{op: opNot, stmtExt: &stmtExt{blocks: sub(s.Block)}}
	case *ir.AssignIntStmt:
		v = vmStmt{op: opAssignInt, a: operand{term: ast.IntNumberTerm(int(s.Value))}, target: r.local(s.Target, n)}
	case *ir.AssignVarStmt:
		v = vmStmt{op: opAssignVar, a: opnd(s.Source), target: r.local(s.Target, n)}
	case *ir.AssignVarOnceStmt:
		v = vmStmt{op: opAssignVarOnce, a: opnd(s.Source), target: r.local(s.Target, n)}
	case *ir.ResetLocalStmt:
		v = vmStmt{op: opResetLocal, target: r.local(s.Target, n)}
	case *ir.MakeNullStmt:
		v = vmStmt{op: opMakeNull, target: r.local(s.Target, n)}
	case *ir.MakeNumberIntStmt:
		v = vmStmt{op: opMakeNumber, a: operand{term: ast.IntNumberTerm(int(s.Value))}, target: r.local(s.Target, n)}
	case *ir.MakeNumberRefStmt:
		if s.Index < 0 || s.Index >= len(r.strs) {
			return v, fmt.Errorf("number %d out of range", s.Index)
		}
		num := ast.Number(r.strs[s.Index].Value.(ast.String))
		v = vmStmt{op: opMakeNumber, a: operand{term: ast.NewTerm(num)}, target: r.local(s.Target, n)}
	case *ir.MakeArrayStmt:
		v = vmStmt{op: opMakeArray, index: max(s.Capacity, 0), target: r.local(s.Target, n)}
	case *ir.MakeObjectStmt:
		v = vmStmt{op: opMakeObject, target: r.local(s.Target, n)}
	case *ir.MakeSetStmt:
		v = vmStmt{op: opMakeSet, target: r.local(s.Target, n)}
	case *ir.EqualStmt:
		v = vmStmt{op: opEqual, a: opnd(s.A), b: opnd(s.B)}
	case *ir.NotEqualStmt:
		v = vmStmt{op: opNotEqual, a: opnd(s.A), b: opnd(s.B)}
	case *ir.IsArrayStmt:
		v = vmStmt{op: opIsArray, a: opnd(s.Source)}
	case *ir.IsObjectStmt:
		v = vmStmt{op: opIsObject, a: opnd(s.Source)}
	case *ir.IsSetStmt:
		v = vmStmt{op: opIsSet, a: opnd(s.Source)}
	case *ir.IsDefinedStmt:
		v = vmStmt{op: opIsDefined, a: operand{local: r.local(s.Source, n)}}
	case *ir.IsUndefinedStmt:
		v = vmStmt{op: opIsUndefined, a: operand{local: r.local(s.Source, n)}}
	case *ir.ArrayAppendStmt:
		v = vmStmt{op: opArrayAppend, a: opnd(s.Value), target: r.local(s.Array, n)}
	case *ir.ObjectInsertStmt:
		v = vmStmt{op: opObjectInsert, a: opnd(s.Key), b: opnd(s.Value), target: r.local(s.Object, n)}
	case *ir.ObjectInsertOnceStmt:
		v = vmStmt{op: opObjectInsertOnce, a: opnd(s.Key), b: opnd(s.Value), target: r.local(s.Object, n)}
	case *ir.ObjectMergeStmt:
		v = vmStmt{op: opObjectMerge, a: operand{local: r.local(s.A, n)}, b: operand{local: r.local(s.B, n)}, target: r.local(s.Target, n)}
	case *ir.SetAddStmt:
		v = vmStmt{op: opSetAdd, a: opnd(s.Value), target: r.local(s.Set, n)}
	case *ir.WithStmt:
		v = vmStmt{op: opWith, a: opnd(s.Value), target: r.local(s.Local, n), stmtExt: &stmtExt{blocks: sub(s.Block)}}
		for _, i := range s.Path {
			if i < 0 || i >= len(r.strs) {
				return v, fmt.Errorf("string %d out of range", i)
			}
			v.path = append(v.path, operand{term: r.strs[i]})
		}
	case *ir.ResultSetAddStmt:
		v = vmStmt{op: opResultSetAdd, a: operand{local: r.local(s.Value, n)}}
	default:
		return v, fmt.Errorf("unsupported statement %T", s)
	}
	return v, errors.Join(errs...)
}

// Control results of a statement or block: next (fall through to the next
// statement), a break out of k enclosing blocks (k >= 0, 0 being the block
// the statement is in), or a return from the function.
const (
	ctlNext   = -1
	ctlReturn = -2
)

// vmError is an evaluation error; vm panics with it and run recovers.
type vmError struct{ err error }

// memoEntry is what one evaluation knows of a function's values: a rule
// (input and data only) is run once; a function with arguments once per
// distinct arguments. Rego functions are pure within an evaluation (its
// built-ins that are not, like time.now_ns, are fixed for it), as topdown
// assumes when it caches rules.
type memoEntry struct {
	done bool
	v    *ast.Term
}

// memoLevel is one level of the memo: rules by function index, and calls
// with arguments by function and the hash of the arguments.
type memoLevel struct {
	rules []memoEntry
	// calls holds the newest entry in machine.argMemos of each call key:
	// a hash of the function and its arguments (a uint64, which Go's maps
	// look up fastest; entries of one key are told apart by function and
	// arguments).
	calls map[uint64]int32
}

// argMemo is one remembered call: its arguments (machine.argSlab[off:
// off+n]) and value, and the previous entry of the same key (-1: none).
// The entries of a machine are reused from evaluation to evaluation: a
// map and slice per function and call were an eighth of an evaluation's
// allocations.
type argMemo struct {
	fn, off, n, next int32
	v                *ast.Term
}

// machine is one evaluation's state. Rego has no recursion, so each
// function has at most one active frame: frames are kept per function and
// reused from call to call.
type machine struct {
	prog     *program
	ctx      context.Context
	bctx     topdown.BuiltinContext
	frames   [][]*ast.Term
	busy     []bool
	memo     []*memoLevel // a stack: with pushes a fresh level
	base     *memoLevel   // memo's first level, kept from run to run
	argMemos []argMemo
	argSlab  []*ast.Term
	results  []*ast.Term
	data     ast.Value // the evaluation's data, when shared values may be used
	steps    int       // statements run (block by block), for the deadline
	// nextCheck is the count of steps at which the deadline is looked at
	// next.
	nextCheck int
	argbuf    []*ast.Term
	out       *ast.Term             // a built-in's value
	yield     func(*ast.Term) error // sets out
	// scanning is the object scan running; scanPair runs its body on one
	// pair (made once per machine).
	scanning scanState
	scanPair func(k, v *ast.Term) bool
}

var machines sync.Pool

// eval evaluates the plan and returns the value of its single binding.
func (p *program) eval(ctx context.Context, input, data ast.Value, bctx topdown.BuiltinContext) (out *ast.Term, err error) {
	err = p.run(ctx, input, data, bctx, func(m *machine, _ []*ast.Term) {
		frame, kept := m.frame(p.plan)
		frame[ir.Input] = ast.NewTerm(input)
		frame[ir.Data] = ast.NewTerm(data)
		for _, b := range p.plan.blocks {
			if m.block(frame, b) == ctlReturn {
				break
			}
		}
		m.release(p.plan, kept)
		if len(m.results) != 1 {
			panic(vmError{errNoResult})
		}
		obj, ok := m.results[0].Value.(ast.Object)
		if !ok || obj.Len() != 1 {
			panic(vmError{fmt.Errorf("plan result is %v", m.results[0])})
		}
		obj.Foreach(func(_, t *ast.Term) { out = t })
	})
	return out, err
}

// checkTerms are the values of one check's rules: nil for undefined (or
// for a rule the check does not have), and applicable only when it holds.
type checkTerms struct {
	applicable                    bool
	violation, evidence, warnings *ast.Term
}

// evalChecks evaluates the checks' rules: applicable first, and the
// violations and warnings of a check only when it applies, as the
// generated module's check_<i> does.
func (p *program) evalChecks(ctx context.Context, input, data ast.Value, bctx topdown.BuiltinContext, checks []checkFns) (out []checkTerms, err error) {
	out = make([]checkTerms, len(checks))
	err = p.run(ctx, input, data, bctx, func(m *machine, top []*ast.Term) {
		for i, c := range checks {
			o := &out[i]
			o.applicable = true
			if c.applicable != nil {
				// A rule body's value holds when it is defined and not
				// false (applicable_<i> if data.<pkg>.applicable).
				v := m.call(c.applicable, top, topArgs)
				o.applicable = v != nil && !v.Equal(termFalse)
			}
			if c.evidence != nil {
				o.evidence = m.call(c.evidence, top, topArgs)
			}
			if !o.applicable {
				continue
			}
			o.violation = m.call(c.violation, top, topArgs)
			if c.warning != nil {
				o.warnings = m.call(c.warning, top, topArgs)
			}
		}
	})
	return out, err
}

// topArgs are the arguments of a rule called from the top frame: input and
// data.
var topArgs = []operand{{local: int32(ir.Input)}, {local: int32(ir.Data)}}

// run runs body on a machine of p's, set up for one evaluation of input
// and data; top is a frame of two locals, input and data. An evaluation
// error (a panic of vmError) or a fault of the evaluator is returned.
func (p *program) run(ctx context.Context, input, data ast.Value, bctx topdown.BuiltinContext, body func(m *machine, top []*ast.Term)) (err error) {
	m, _ := machines.Get().(*machine)
	if m == nil || m.prog != p {
		m = &machine{prog: p}
		m.yield = func(t *ast.Term) error {
			m.out = t
			return nil
		}
		m.scanPair = func(k, v *ast.Term) bool {
			m.scanning.res = m.each(m.scanning.fr, m.scanning.s, k, v)
			return m.scanning.res != ctlNext
		}
		m.frames = make([][]*ast.Term, len(p.funcs)+1)
		m.busy = make([]bool, len(p.funcs)+1)
	}
	m.ctx, m.bctx = ctx, bctx
	m.data = nil
	if _, ok := data.(ast.Object); ok {
		m.data = data // compared by identity: an object is a pointer
	}
	if m.base == nil {
		m.base = &memoLevel{rules: make([]memoEntry, len(p.funcs))}
	}
	m.memo = append(m.memo[:0], m.base)
	m.results = m.results[:0]
	defer func() {
		if r := recover(); r != nil {
			if ve, ok := r.(vmError); ok {
				err = ve.err
			} else {
				// A fault of the evaluator itself, never of the
				// policies: the caller falls back to topdown.
				err = fmt.Errorf("plan evaluator: internal error: %v", r)
			}
		}
		m.ctx, m.bctx, m.data = nil, topdown.BuiltinContext{}, nil
		m.memo = m.memo[:0]
		clear(m.base.rules)
		clear(m.base.calls)
		clear(m.argMemos)
		m.argMemos = m.argMemos[:0]
		clear(m.argSlab)
		m.argSlab = m.argSlab[:0]
		clear(m.results)
		for i := range m.busy {
			m.busy[i] = false
		}
		if err == nil {
			machines.Put(m)
		}
	}()
	body(m, []*ast.Term{ast.NewTerm(input), ast.NewTerm(data)})
	return nil
}

// frame returns locals for a call of f: f's kept frame, or a frame of its
// own (kept false) if f is already running. Rego has no recursion, so
// that is not reached; release must then leave the running call's frame
// alone.
func (m *machine) frame(f *vmFunc) (fr []*ast.Term, kept bool) {
	if m.busy[f.index] {
		return make([]*ast.Term, f.nlocals), false
	}
	m.busy[f.index] = true
	fr = m.frames[f.index]
	if fr == nil {
		fr = make([]*ast.Term, f.nlocals)
		m.frames[f.index] = fr
	}
	return fr, true
}

// release ends a call of f that had its kept frame.
func (m *machine) release(f *vmFunc, kept bool) {
	if kept {
		clear(m.frames[f.index])
		m.busy[f.index] = false
	}
}

func (m *machine) fail(s *vmStmt, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.file >= 0 && int(s.file) < len(m.prog.files) {
		msg = fmt.Sprintf("%s:%d: %s", m.prog.files[s.file], s.row, msg)
	}
	panic(vmError{errors.New(msg)})
}

func (m *machine) get(fr []*ast.Term, o operand) *ast.Term {
	if o.term != nil {
		return o.term
	}
	return fr[o.local]
}

// call runs f with the arguments args (read in the caller's frame) and
// returns its value, nil when undefined.
func (m *machine) call(f *vmFunc, caller []*ast.Term, args []operand) *ast.Term {
	level := m.memo[len(m.memo)-1]
	if f.memo && level.rules[f.index].done {
		return level.rules[f.index].v
	}
	// Shared values only outside with: in it, input or data is another.
	share := f.free && len(m.memo) == 1 && m.data != nil
	var skey sharedCall
	if share {
		if f.memo {
			if v, ok := m.prog.shared[f.index].Load().lookup(m.data); ok {
				return v
			}
		} else if skey, share = m.sharedCall(f, caller, args); share {
			if v, ok := m.prog.calls.Load(skey); ok {
				return v.(*ast.Term)
			}
		}
	}
	// A function's arguments after input and data.
	key := uint64(f.index) * 0x9e3779b97f4a7c15
	if !f.memo {
		for _, a := range args[2:] {
			key = key*31 + uint64(m.get(caller, a).Hash())
		}
		if i, ok := level.calls[key]; ok {
			for ; i >= 0; i = m.argMemos[i].next {
				c := &m.argMemos[i]
				if c.fn == int32(f.index) && int(c.n) == len(args)-2 && sameArgs(m.argSlab[c.off:c.off+c.n], caller, args[2:], m) {
					return c.v
				}
			}
		}
	}
	fr, kept := m.frame(f)
	for i, p := range f.params {
		fr[p] = m.get(caller, args[i])
	}
	var out *ast.Term
	for _, b := range f.blocks {
		if m.block(fr, b) == ctlReturn {
			break
		}
	}
	if f.ret >= 0 {
		out = fr[f.ret]
	}
	m.release(f, kept)
	level = m.memo[len(m.memo)-1]
	if f.memo {
		level.rules[f.index] = memoEntry{done: true, v: out}
		if share {
			m.prog.keep(f, m.data, out)
		}
		return out
	}
	prev, ok := level.calls[key]
	if !ok {
		prev = -1
	}
	off := len(m.argSlab)
	for _, a := range args[2:] {
		m.argSlab = append(m.argSlab, m.get(caller, a))
	}
	m.argMemos = append(m.argMemos, argMemo{fn: int32(f.index), off: int32(off), n: int32(len(args) - 2), next: prev, v: out})
	if level.calls == nil {
		level.calls = map[uint64]int32{}
	}
	level.calls[key] = int32(len(m.argMemos) - 1)
	if share {
		m.prog.keepCall(skey, out)
	}
	return out
}

// sharedCall returns the key of a call of the free function f whose
// arguments are all constants or kept values; false for any other call.
func (m *machine) sharedCall(f *vmFunc, caller []*ast.Term, args []operand) (sharedCall, bool) {
	extra := args[2:]
	if len(extra) > maxSharedArgs {
		return sharedCall{}, false
	}
	k := sharedCall{fn: int32(f.index), data: m.data}
	for i, a := range extra {
		t := m.get(caller, a)
		if a.term == nil && !m.prog.isKept(t) {
			return sharedCall{}, false
		}
		k.args[i] = t
	}
	return k, true
}

func sameArgs(kept []*ast.Term, caller []*ast.Term, args []operand, m *machine) bool {
	for i, a := range args {
		if !kept[i].Equal(m.get(caller, a)) {
			return false
		}
	}
	return true
}

// block runs the statements of b in frame fr. It returns ctlNext when
// every statement ran, ctlReturn, or k >= 0: break out of k blocks
// enclosing b (0 when b itself was left).
func (m *machine) block(fr []*ast.Term, b vmBlock) int {
	// The deadline is looked at every thousand statements or so, counted
	// a block at a time: a loop enters its body block once an element.
	if m.steps += len(b); m.steps >= m.nextCheck {
		m.nextCheck = m.steps + 1024
		if err := m.ctx.Err(); err != nil {
			panic(vmError{err})
		}
	}
	for i := range b {
		if c := m.stmt(fr, &b[i]); c != ctlNext {
			return c
		}
	}
	return ctlNext
}

// nested turns the control result of a nested block into the statement's:
// leaving the nested block (0) continues after the statement, a break of
// k > 0 leaves k-1 blocks around the statement.
func nested(c int) int {
	switch {
	case c == ctlReturn:
		return ctlReturn
	case c <= 0:
		return ctlNext
	default:
		return c - 1
	}
}

func (m *machine) stmt(fr []*ast.Term, s *vmStmt) int {
	switch s.op {
	case opNop:
	case opReturn:
		return ctlReturn
	case opCall:
		v := m.call(s.fn, fr, s.args)
		if v == nil {
			return 0
		}
		fr[s.target] = v
	case opCallBuiltin:
		return m.builtin(fr, s)
	case opCallDynamic:
		parts := make([]string, len(s.path))
		for i, p := range s.path {
			str, ok := m.get(fr, p).Value.(ast.String)
			if !ok {
				return 0
			}
			parts[i] = string(str)
		}
		f, ok := m.prog.dynamic[strings.Join(parts, "/")]
		if !ok || len(f.params) != len(s.args) {
			return 0
		}
		v := m.call(f, fr, s.args)
		if v == nil {
			return 0
		}
		fr[s.target] = v
	case opBlock:
		for _, b := range s.blocks {
			c := m.block(fr, b)
			if c == ctlReturn {
				return ctlReturn
			}
			if c > 0 {
				return c - 1
			}
		}
	case opBreak:
		return int(s.index)
	case opDot:
		src := m.get(fr, s.a)
		if src == nil {
			return 0
		}
		v := dot(src.Value, m.get(fr, s.b))
		if v == nil {
			return 0
		}
		fr[s.target] = v
	case opLen:
		src := m.get(fr, s.a)
		var n int
		switch v := src.Value.(type) {
		case *ast.Array:
			n = v.Len()
		case ast.Object:
			n = v.Len()
		case ast.Set:
			n = v.Len()
		case ast.String:
			n = utf8.RuneCountInString(string(v))
		default:
			return 0
		}
		fr[s.target] = ast.InternedTerm(n)
	case opScan:
		return m.scan(fr, s)
	case opNot:
		switch c := m.block(fr, s.blocks[0]); {
		case c == ctlReturn:
			return ctlReturn
		case c == ctlNext:
			return 0
		case c == 0:
			return ctlNext
		default:
			return c - 1
		}
	case opAssignInt, opAssignVar, opMakeNumber:
		fr[s.target] = m.get(fr, s.a)
	case opAssignVarOnce:
		v := m.get(fr, s.a)
		if cur := fr[s.target]; cur != nil {
			if ast.Compare(cur.Value, v.Value) != 0 {
				m.fail(s, "complete rules must not produce multiple outputs")
			}
			return ctlNext
		}
		fr[s.target] = v
	case opResetLocal:
		fr[s.target] = nil
	case opMakeNull:
		fr[s.target] = ast.InternedNullTerm
	case opMakeArray:
		if s.index > 0 {
			fr[s.target] = ast.NewTerm(ast.NewArrayWithCapacity(int(s.index)))
		} else {
			fr[s.target] = ast.NewTerm(emptyArray)
		}
	case opMakeObject:
		fr[s.target] = ast.NewTerm(emptyObject)
	case opMakeSet:
		fr[s.target] = ast.NewTerm(emptySet)
	case opEqual:
		if !m.get(fr, s.a).Equal(m.get(fr, s.b)) {
			return 0
		}
	case opNotEqual:
		if m.get(fr, s.a).Equal(m.get(fr, s.b)) {
			return 0
		}
	case opIsArray:
		if t := m.get(fr, s.a); t == nil {
			return 0
		} else if _, ok := t.Value.(*ast.Array); !ok {
			return 0
		}
	case opIsObject:
		if t := m.get(fr, s.a); t == nil {
			return 0
		} else if _, ok := t.Value.(ast.Object); !ok {
			return 0
		}
	case opIsSet:
		if t := m.get(fr, s.a); t == nil {
			return 0
		} else if _, ok := t.Value.(ast.Set); !ok {
			return 0
		}
	case opIsDefined:
		if fr[s.a.local] == nil {
			return 0
		}
	case opIsUndefined:
		if fr[s.a.local] != nil {
			return 0
		}
	case opArrayAppend:
		// The term is the local's own (MakeArray made it): it is
		// updated in place, as the IR's in-place append would.
		t := fr[s.target]
		t.Value = t.Value.(*ast.Array).Append(m.get(fr, s.a))
	case opObjectInsert:
		objectOf(fr[s.target]).Insert(m.get(fr, s.a), m.get(fr, s.b))
	case opObjectInsertOnce:
		obj := objectOf(fr[s.target])
		k, v := m.get(fr, s.a), m.get(fr, s.b)
		if cur := obj.Get(k); cur != nil {
			if ast.Compare(cur.Value, v.Value) != 0 {
				m.fail(s, "object keys must be unique")
			}
			return ctlNext
		}
		obj.Insert(k, v)
	case opObjectMerge:
		a, aok := m.get(fr, s.a).Value.(ast.Object)
		b, bok := m.get(fr, s.b).Value.(ast.Object)
		if !aok || !bok {
			m.fail(s, "merge of a value that is not an object")
		}
		merged, ok := a.Merge(b)
		if !ok {
			m.fail(s, "conflicting values in a merge")
		}
		fr[s.target] = ast.NewTerm(merged)
	case opSetAdd:
		setOf(fr[s.target]).Add(m.get(fr, s.a))
	case opWith:
		return m.with(fr, s)
	case opResultSetAdd:
		m.results = append(m.results, fr[s.a.local])
	default:
		m.fail(s, "unsupported statement %d", s.op)
	}
	return ctlNext
}

// A collection the plan makes starts as one of these, shared and never
// changed: most sets a policy makes (a passing check's violations, its
// evidence) stay empty, and an empty set or object was two allocations.
// The first insert gives the local's term a collection of its own (the
// term itself, which other locals may hold, is updated in place, as
// ArrayAppend does). An empty array has no capacity, so appending to it
// never writes into it.
var (
	emptyArray  = ast.NewArray()
	emptyObject = ast.NewObject()
	emptySet    = ast.NewSet()
)

// objectOf returns the object of t, a local's own, to insert into.
func objectOf(t *ast.Term) ast.Object {
	if t.Value == emptyObject {
		t.Value = ast.NewObject()
	}
	return t.Value.(ast.Object)
}

// setOf returns the set of t, a local's own, to add to.
func setOf(t *ast.Term) ast.Set {
	if t.Value == emptySet {
		t.Value = ast.NewSet()
	}
	return t.Value.(ast.Set)
}

// dot looks key up in v: an object's value, an array's element, a set's
// member; undefined (nil) otherwise.
func dot(v ast.Value, key *ast.Term) *ast.Term {
	switch v := v.(type) {
	case ast.Object:
		return v.Get(key)
	case *ast.Array:
		n, ok := key.Value.(ast.Number)
		if !ok {
			return nil
		}
		i, ok := n.Int()
		if !ok || i < 0 || i >= v.Len() {
			return nil
		}
		return v.Elem(i)
	case ast.Set:
		if v.Contains(key) {
			return key
		}
	}
	return nil
}

func (m *machine) scan(fr []*ast.Term, s *vmStmt) int {
	src := fr[s.a.local]
	if src == nil {
		return ctlNext
	}
	res := ctlNext
	switch v := src.Value.(type) {
	case *ast.Array:
		for i := range v.Len() {
			if res = m.each(fr, s, ast.InternedTerm(i), v.Elem(i)); res != ctlNext {
				break
			}
		}
	case ast.Object:
		// In key order, as Keys, without copying the keys and looking
		// each up again. Until takes a function: the machine's own, made
		// once, reads the scan from m.scanning (saved around nested
		// scans), so that a scan allocates nothing.
		saved := m.scanning
		m.scanning = scanState{fr: fr, s: s, res: ctlNext}
		v.Until(m.scanPair)
		res = m.scanning.res
		m.scanning = saved
	case ast.Set:
		for _, e := range v.Slice() {
			if res = m.each(fr, s, e, e); res != ctlNext {
				break
			}
		}
	}
	if res == -3 {
		return ctlNext
	}
	return res
}

// scanState is the object scan running: see scan.
type scanState struct {
	fr  []*ast.Term
	s   *vmStmt
	res int
}

// each runs the body of the scan s for one element; a result other than
// ctlNext ends the scan with that statement result (-3: leave the scan,
// continue after it).
func (m *machine) each(fr []*ast.Term, s *vmStmt, k, v *ast.Term) int {
	fr[s.target], fr[s.value] = k, v
	switch c := m.block(fr, s.blocks[0]); {
	case c == ctlReturn:
		return ctlReturn
	case c <= 0:
		return ctlNext
	case c == 1:
		return -3
	default:
		return c - 2
	}
}

func (m *machine) builtin(fr []*ast.Term, s *vmStmt) int {
	if s.native != nativeNone {
		var b *ast.Term
		if len(s.args) > 1 {
			b = m.get(fr, s.args[1])
		}
		if t := native(s.native, m.get(fr, s.args[0]), b); t != nil {
			fr[s.target] = t
			return ctlNext
		}
	}
	// Built-ins do not keep their operands slice: one buffer serves
	// every call, as a stack (a built-in does not call back into us).
	base := len(m.argbuf)
	for _, a := range s.args {
		m.argbuf = append(m.argbuf, m.get(fr, a))
	}
	m.out = nil
	var err error
	if s.rx != nil {
		m.out = s.rx.result(m.argbuf[base:])
	}
	if m.out == nil {
		err = s.bi(m.bctx, m.argbuf[base:], m.yield)
	}
	clear(m.argbuf[base:])
	m.argbuf = m.argbuf[:base]
	if err != nil {
		m.fail(s, "%s: %v", s.name, err)
	}
	if m.out == nil {
		return 0
	}
	fr[s.target] = m.out
	m.out = nil
	return ctlNext
}

func (m *machine) with(fr []*ast.Term, s *vmStmt) int {
	saved := fr[s.target]
	v := m.get(fr, s.a)
	if len(s.path) > 0 {
		v = upsert(saved, s.path, v)
	}
	fr[s.target] = v
	m.memo = append(m.memo, &memoLevel{rules: make([]memoEntry, len(m.prog.funcs))})
	c := m.block(fr, s.blocks[0])
	m.memo = m.memo[:len(m.memo)-1]
	fr[s.target] = saved
	switch {
	case c == ctlReturn:
		return ctlReturn
	case c == ctlNext:
		return ctlNext
	case c == 0:
		return 0
	default:
		return c - 1
	}
}

// upsert returns doc with value at path, copying the objects on the way;
// what is not an object there becomes one.
func upsert(doc *ast.Term, path []operand, value *ast.Term) *ast.Term {
	if len(path) == 0 {
		return value
	}
	var obj ast.Object
	if doc != nil {
		if o, ok := doc.Value.(ast.Object); ok {
			obj = o.Copy()
		}
	}
	if obj == nil {
		obj = ast.NewObject()
	}
	obj.Insert(path[0].term, upsert(obj.Get(path[0].term), path[1:], value))
	return ast.NewTerm(obj)
}

// builtinContext is what the plan's built-in calls see: the evaluation's
// context, time and caches, as topdown would give them.
func builtinContext(ctx context.Context, now time.Time, values cache.InterQueryValueCache) topdown.BuiltinContext {
	return topdown.BuiltinContext{
		Context:                     ctx,
		Metrics:                     metrics.NoOp(),
		Time:                        ast.UIntNumberTerm(uint64(now.UnixNano())),
		Cache:                       builtins.Cache{},
		InterQueryBuiltinValueCache: values,
	}
}
