package snapshot

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPerFileSharedWithSubViews: a per-file result is computed once for a
// tree and every Sub view of it, per kind.
func TestPerFileSharedWithSubViews(t *testing.T) {
	tree, err := NewTree(fstest.MapFS{"a/x.txt": {Data: []byte("x")}, "b/y.txt": {Data: []byte("y")}})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	secrets := func(view *Tree, p string) string {
		return view.PerFile("secrets", p, func() any {
			calls++
			data, err := view.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			return strings.ToUpper(string(data))
		}).(string)
	}
	a := tree.Sub(func(p string) bool { return strings.HasPrefix(p, "a/") })
	if got := secrets(tree, "a/x.txt") + secrets(a, "a/x.txt") + secrets(a.Sub(func(string) bool { return true }), "a/x.txt"); got != "XXX" || calls != 1 {
		t.Fatalf("got %q with %d computations, want XXX with 1", got, calls)
	}
	if got := secrets(a, "b/y.txt"); got != "Y" || calls != 2 {
		t.Fatalf("another file: %q, %d computations", got, calls)
	}
	other := tree.PerFile("imports", "a/x.txt", func() any { return "imports" })
	if other != "imports" {
		t.Fatalf("another kind shared a result: %v", other)
	}
	// A tree made without NewTree has no memo and simply computes.
	if v := (&Tree{}).PerFile("k", "p", func() any { return 1 }); v != 1 {
		t.Fatalf("zero tree: %v", v)
	}
}
