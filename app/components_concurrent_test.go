package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/scoredev/score/source"
)

// TestComponentsScoredSideBySide: a monorepo's components scored several
// at once give the row they give one after the other.
func TestComponentsScoredSideBySide(t *testing.T) {
	p := testPipeline(t)
	ctx := context.Background()
	monorepos := 0
	for _, name := range []string{"backstage-monorepo", "gitlab-monorepo", "libs-monorepo", "polyglot-monorepo"} {
		snap, err := source.LocalSnapshot(source.RepoRef{Name: name, Dir: filepath.Join("..", "testdata", "repos", name)})
		if err != nil {
			t.Fatal(err)
		}
		var rows [2]string
		for i, n := range []int{1, 4} {
			p.ComponentConcurrency = n
			res := p.ScoreSnapshot(ctx, snap)
			if res.Repo.Error != "" {
				t.Fatalf("%s: %s", name, res.Repo.Error)
			}
			if i == 0 && len(res.Repo.Components) > 1 {
				monorepos++
			}
			b, err := json.Marshal(res.Repo)
			if err != nil {
				t.Fatal(err)
			}
			rows[i] = string(b)
		}
		if rows[0] != rows[1] {
			t.Errorf("%s: scored side by side\n%s\none after the other\n%s", name, rows[1], rows[0])
		}
	}
	if monorepos == 0 {
		t.Fatal("no fixture has more than one component: nothing was compared")
	}
}
