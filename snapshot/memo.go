package snapshot

import "sync"

// perFile holds results computed from one file's path and content, shared
// by a tree and its Sub views: a monorepo's components are collected over
// views of the repository's one walk, and without it every per-file
// collector (secret detection reads every file) read and judged each file
// once for the repository and again for its component.
type perFile struct {
	mu sync.Mutex
	m  map[perFileKey]any
}

type perFileKey struct{ kind, path string }

// PerFile returns compute's result for file p under kind (a collector's own
// name for what it computes), computed once for the tree and its Sub views.
// compute must depend on p's path and content only, not on which view asks.
// Reads compute makes through the tree count against the budget of the
// view that asked first.
func (t *Tree) PerFile(kind, p string, compute func() any) any {
	if t.memo == nil {
		return compute()
	}
	key := perFileKey{kind, p}
	t.memo.mu.Lock()
	v, ok := t.memo.m[key]
	t.memo.mu.Unlock()
	if ok {
		return v
	}
	// Computed outside the lock: two views asking at once both compute,
	// and the first answer stays.
	v = compute()
	t.memo.mu.Lock()
	if old, ok := t.memo.m[key]; ok {
		v = old
	} else {
		t.memo.m[key] = v
	}
	t.memo.mu.Unlock()
	return v
}
