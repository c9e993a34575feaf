package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileCorpusConcatBomb: the concat-bomb policy of the hostile
// corpus (testdata/hostile/concat-bomb) is an error check, refused by the
// bound on built-in results; the other checks are evaluated.
func TestHostileCorpusConcatBomb(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "testdata", "hostile", "concat-bomb")
	e := load(t, Options{DefaultFS: defaultsFS, Sources: []string{dir}, Timeout: 10 * time.Minute})
	results, err := e.Evaluate(context.Background(), facts(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range results {
		switch {
		case r.CheckID == "hostile.concat-bomb":
			found = true
			if r.Outcome != Error || !strings.Contains(r.Error, "concat: result would be") || !strings.Contains(r.Error, "bound on built-in results") {
				t.Errorf("outcome %s, error %q: want the concat bound", r.Outcome, r.Error)
			}
		case r.Outcome == Error:
			t.Errorf("innocent check %s: error %q", r.CheckID, r.Error)
		}
	}
	if !found {
		t.Fatal("hostile.concat-bomb not evaluated")
	}
}
