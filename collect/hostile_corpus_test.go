package collect

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// hostileCorpus is the static part of the hostile corpus.
var hostileCorpus = filepath.Join("..", "testdata", "hostile")

// TestHostileCorpusStatic collects each static case of the hostile corpus
// as a repository and checks the bound or warning that keeps it harmless.
func TestHostileCorpusStatic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir  string
		path string // of the warning
		line int    // of the warning, 0: any
		want string // in the warning
	}{
		{"arg-bomb", "Dockerfile", 12, "expansion"},
		{"malformed-yaml", ".gitlab-ci.yml", 0, "YAML not parsed"},
		// The alias bomb parses (aliases are not expanded): no warning
		// needed, collection must simply end with its jobs.
		{"yaml-bomb", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			fsys := os.DirFS(filepath.Join(hostileCorpus, tt.dir)) // plain files only
			f, err := Collect(ctx, snapshot.Snapshot{Info: facts.RepoInfo{Name: tt.dir}, FS: fsys})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(f.CI.Jobs) == 0 {
					t.Errorf("no CI job read from %s", tt.dir)
				}
				return
			}
			for _, w := range f.Warnings {
				if w.Path == tt.path && (tt.line == 0 || w.Line == tt.line) && strings.Contains(w.Message, tt.want) {
					return
				}
			}
			t.Errorf("no warning at %s:%d about %q:\n%s", tt.path, tt.line, tt.want, collecttest.WarningLines(f.Warnings))
		})
	}
}

// TestHostileCorpusArgBombIsTheGenerated: the static ARG bomb is the one
// TestDockerfileExpansionBomb generates, so both test the same input.
func TestHostileCorpusArgBombIsTheGenerated(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(hostileCorpus, "arg-bomb", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != argBomb(30) {
		t.Errorf("testdata/hostile/arg-bomb/Dockerfile differs from argBomb(30)")
	}
}
