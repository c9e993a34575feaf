package lazyre

import (
	"slices"
	"testing"
)

func TestCompiledOnFirstUseAndOnce(t *testing.T) {
	r := New(`^a(b+)$`)
	if got := r.FindStringSubmatch("abbb"); !slices.Equal(got, []string{"abbb", "bbb"}) {
		t.Fatalf("FindStringSubmatch = %q", got)
	}
	if r.Regexp() != r.Regexp() {
		t.Fatal("compiled more than once")
	}
	if r.String() != `^a(b+)$` {
		t.Fatalf("String = %q", r.String())
	}
}

func TestCompileAllNamesBadPatterns(t *testing.T) {
	New(`(unclosed`)
	if _, bad := CompileAll(); !slices.Contains(bad, `(unclosed`) {
		t.Fatalf("CompileAll = %q, want the unclosed group", bad)
	}
}

func TestBadPatternPanicsOnUse(t *testing.T) {
	r := New(`[z-a]`)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	r.MatchString("x")
}
