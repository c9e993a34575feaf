package main

import (
	"testing"

	"github.com/scoredev/score/internal/lazyre"
)

// TestEveryLazyPatternCompiles compiles every package-level regular
// expression of every package the binary links, including those of
// collectors no fixture reaches: a typo must fail here, not on the first
// repository that uses that ecosystem.
func TestEveryLazyPatternCompiles(t *testing.T) {
	n, bad := lazyre.CompileAll()
	if len(bad) > 0 {
		t.Fatalf("patterns that do not compile: %q", bad)
	}
	// The collectors alone hold over a hundred: fewer means the test no
	// longer sees the packages it is meant to cover.
	if n < 100 {
		t.Fatalf("only %d patterns registered", n)
	}
	t.Logf("%d patterns compile", n)
}
