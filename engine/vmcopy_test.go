package engine

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/scoredev/score/policies"
)

func local(l int32) operand { return operand{local: l} }

// TestElideCopies: a copy goes only where its source is written by the
// statement before it (or is a scan's key or value, copied first in the
// body) and read by the copy alone.
func TestElideCopies(t *testing.T) {
	t.Parallel()
	call := func(target int32) vmStmt {
		return vmStmt{op: opCallBuiltin, target: target, stmtExt: &stmtExt{name: "lower", args: []operand{local(2)}}}
	}
	cp := func(target, src int32) vmStmt { return vmStmt{op: opAssignVar, target: target, a: local(src)} }
	use := func(l int32) vmStmt {
		return vmStmt{op: opNotEqual, a: local(l), b: operand{term: ast.BooleanTerm(false)}}
	}
	for _, c := range []struct {
		name    string
		block   vmBlock
		removed int
		check   func(b vmBlock) bool
	}{
		{"call then copy", vmBlock{call(5), cp(6, 5), use(6)}, 1,
			func(b vmBlock) bool { return len(b) == 2 && b[0].target == 6 }},
		{"chain of copies", vmBlock{call(5), cp(6, 5), cp(7, 6), use(7)}, 2,
			func(b vmBlock) bool { return len(b) == 2 && b[0].target == 7 }},
		{"source read again", vmBlock{call(5), cp(6, 5), use(5), use(6)}, 0, nil},
		{"source written again", vmBlock{call(5), cp(6, 5), use(6), vmStmt{op: opResetLocal, target: 5}}, 0, nil},
		{"not adjacent", vmBlock{call(5), use(3), cp(6, 5), use(6)}, 0, nil},
		{"parameter", vmBlock{cp(6, 2), use(6)}, 0, nil},
		{"return local", vmBlock{call(3), cp(6, 3), use(6)}, 0, nil},
		{"scan key and value", vmBlock{{op: opScan, a: local(2), target: 8, value: 9, stmtExt: &stmtExt{blocks: []vmBlock{{cp(10, 8), cp(11, 9), use(10), use(11)}}}}}, 2,
			func(b vmBlock) bool {
				return b[0].target == 10 && b[0].value == 11 && len(b[0].blocks[0]) == 2
			}},
		{"scan key into the value's local", vmBlock{{op: opScan, a: local(2), target: 8, value: 9, stmtExt: &stmtExt{blocks: []vmBlock{{cp(9, 8), use(9)}}}}}, 0, nil},
		{"nested block", vmBlock{{op: opNot, stmtExt: &stmtExt{blocks: []vmBlock{{call(5), cp(6, 5), use(6)}}}}}, 1,
			func(b vmBlock) bool { return len(b[0].blocks[0]) == 2 && b[0].blocks[0][0].target == 6 }},
		{"with", vmBlock{call(5), cp(6, 5), use(6), {op: opWith, stmtExt: &stmtExt{blocks: []vmBlock{{}}}}}, 0, nil},
	} {
		f := &vmFunc{name: c.name, params: []int32{0, 1, 2}, ret: 3, nlocals: 12, blocks: []vmBlock{append(vmBlock(nil), c.block...)}}
		if got := elideCopies(f); got != c.removed {
			t.Errorf("%s: removed %d copies, want %d", c.name, got, c.removed)
			continue
		}
		if c.check != nil && !c.check(f.blocks[0]) {
			t.Errorf("%s: block after: %+v", c.name, f.blocks[0])
		}
		if c.removed == 0 && len(f.blocks[0]) != len(c.block) {
			t.Errorf("%s: block changed without a copy removed", c.name)
		}
	}
}

// The default catalogue's plan loses many of its copies, all in one pass.
func TestElideCopiesCatalogue(t *testing.T) {
	t.Parallel()
	e := load(t, Options{DefaultFS: policies.FS()})
	p := e.plans.resultsPlan()
	if p.elided < 500 {
		t.Errorf("%d copies removed from the catalogue's plan, want hundreds", p.elided)
	}
	copies := 0
	var count func(bs []vmBlock)
	count = func(bs []vmBlock) {
		for _, b := range bs {
			for i := range b {
				if b[i].op == opAssignVar && b[i].a.term == nil {
					copies++
				}
				if b[i].stmtExt != nil {
					count(b[i].blocks)
				}
			}
		}
	}
	for _, f := range p.funcs {
		count(f.blocks)
	}
	if again := 0; true {
		for _, f := range p.funcs {
			again += elideCopies(f)
		}
		if again != 0 {
			t.Errorf("a second pass removed %d more copies", again)
		}
	}
	t.Logf("%d copies removed, %d left", p.elided, copies)
}
