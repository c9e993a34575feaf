package engine

// elideCopies removes the copies the planner writes after a value is
// made: OPA's planner puts every call's, lookup's and scan's result in a
// local of its own and copies it into the variable the policy names
// (Call t=S; AssignVar T<-S; Scan key=S ... { AssignVar T<-S }), so a
// third of the statements an evaluation runs were such copies. Where S is
// written by that one statement and read by that one copy alone, the
// statement writes T itself and the copy goes. A statement that fails
// (an undefined lookup, call or built-in) writes nothing and leaves its
// block, so the copy after it never ran then either; a scan writes its
// key and value before its body's first statement, which was the copy.
// Functions with a with or a dynamic call keep every copy. It returns
// the number of copies removed; docs/architecture.md (Evaluation) has it.
func elideCopies(f *vmFunc) int {
	reads := make([]int32, f.nlocals)
	writes := make([]int32, f.nlocals)
	if !countUses(f.blocks, reads, writes) {
		return 0
	}
	pinned := make([]bool, f.nlocals)
	for _, p := range f.params {
		pinned[p] = true
	}
	if f.ret >= 0 {
		pinned[f.ret] = true
	}
	pinned[0], pinned[1] = true, true // input and data
	copyOf := func(s *vmStmt, src int32) bool {
		if s.op != opAssignVar || s.a.term != nil || s.a.local != src || s.target == src {
			return false
		}
		return !pinned[src] && reads[src] == 1 && writes[src] == 1
	}
	removed := 0
	var walk func(bs []vmBlock)
	walk = func(bs []vmBlock) {
		for j, b := range bs {
			out := b[:0]
			for i := range b {
				s := b[i]
				if n := len(out); n > 0 && s.op == opAssignVar {
					if p := &out[n-1]; producer(p.op) && copyOf(&s, p.target) {
						p.target = s.target
						removed++
						continue
					}
				}
				if s.op == opScan {
					body := s.blocks[0]
					for len(body) > 0 {
						c := &body[0]
						if copyOf(c, s.target) && c.target != s.value {
							s.target = c.target
						} else if copyOf(c, s.value) && c.target != s.target {
							s.value = c.target
						} else {
							break
						}
						body = body[1:]
						removed++
					}
					s.blocks[0] = body
				}
				out = append(out, s)
			}
			clear(b[len(out):])
			bs[j] = out
			for i := range out {
				if out[i].stmtExt != nil {
					walk(out[i].blocks)
				}
			}
		}
	}
	walk(f.blocks)
	return removed
}

// producer reports the statements that write their target only when they
// succeed and leave their block when they do not.
func producer(op opcode) bool {
	switch op {
	case opCall, opCallBuiltin, opDot, opLen:
		return true
	}
	return false
}

// countUses counts the statements that read and that write each local.
// It returns false for a function elideCopies must leave alone: one with
// a with or a dynamic call, or a statement it does not know.
func countUses(bs []vmBlock, reads, writes []int32) bool {
	read := func(o operand) {
		if o.term == nil {
			reads[o.local]++
		}
	}
	for _, b := range bs {
		for i := range b {
			s := &b[i]
			switch s.op {
			case opNop, opBreak, opBlock, opNot:
			case opReturn, opLen, opIsArray, opIsObject, opIsSet, opIsDefined, opIsUndefined, opResultSetAdd:
				read(s.a)
				if s.op == opLen {
					writes[s.target]++
				}
			case opCall, opCallBuiltin:
				for _, a := range s.args {
					read(a)
				}
				writes[s.target]++
			case opDot, opObjectMerge:
				read(s.a)
				read(s.b)
				writes[s.target]++
			case opScan:
				read(s.a)
				writes[s.target]++
				writes[s.value]++
			case opAssignInt, opMakeNumber, opAssignVar:
				read(s.a)
				writes[s.target]++
			case opResetLocal, opMakeNull, opMakeArray, opMakeObject, opMakeSet:
				writes[s.target]++
			case opEqual, opNotEqual:
				read(s.a)
				read(s.b)
			case opAssignVarOnce, opArrayAppend, opSetAdd:
				read(s.a)
				reads[s.target]++
				writes[s.target]++
			case opObjectInsert, opObjectInsertOnce:
				read(s.a)
				read(s.b)
				reads[s.target]++
				writes[s.target]++
			default: // opWith, opCallDynamic, anything new
				return false
			}
			if s.stmtExt != nil && !countUses(s.blocks, reads, writes) {
				return false
			}
		}
	}
	return true
}
