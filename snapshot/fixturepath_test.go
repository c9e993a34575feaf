package snapshot

import (
	"path"
	"strings"
	"testing"
)

// TestIsFixturePath holds the allocation-free IsFixturePath to the plain
// definition: a folder of the path, JVM package folders aside, is a
// fixture folder.
func TestIsFixturePath(t *testing.T) {
	plain := func(p string) bool {
		dir := path.Dir(WithoutJVMPackage(p))
		if dir == "." {
			return false
		}
		for _, seg := range strings.Split(dir, "/") {
			if fixtureDirs[strings.ToLower(seg)] {
				return true
			}
		}
		return false
	}
	segs := []string{"src", "main", "test", "java", "kotlin", "com", "Testdata", "fixtures", "examples", "app", "pkg"}
	var paths []string
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		paths = append(paths, prefix+"File.java", prefix+"testdata")
		if depth == 0 {
			return
		}
		for _, s := range segs {
			gen(prefix+s+"/", depth-1)
		}
	}
	gen("", 4)
	n := 0
	for _, p := range paths {
		want := plain(p)
		if want {
			n++
		}
		if got := IsFixturePath(p); got != want {
			t.Errorf("IsFixturePath(%q) = %v, want %v", p, got, want)
		}
	}
	if n == 0 || n == len(paths) {
		t.Fatalf("%d of %d paths are fixture paths: the cases do not tell", n, len(paths))
	}
	if a := testing.AllocsPerRun(100, func() { IsFixturePath("services/api/internal/testdata/golden.json") }); a != 0 {
		t.Errorf("%v allocations per call", a)
	}
}
