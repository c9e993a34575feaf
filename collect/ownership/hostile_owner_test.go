package ownership

import (
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
)

// TestNullOwnerIsUndeclared: `team: null` (or ~, or empty) in .score.yaml
// and `owner: null` in a catalog entry declare no owner; they must not
// become a team named "null".
func TestNullOwnerIsUndeclared(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"null", "~", "Null", "NULL", `""`, "''", "", "   "} {
		t.Run("value "+v, func(t *testing.T) {
			t.Parallel()
			f, _ := collecttest.CollectOne(t, Collector{}, fstest.MapFS{
				".score.yaml":       collecttest.TextFile("team: " + v + "\n"),
				"catalog-info.yaml": collecttest.TextFile("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  owner: " + v + "\n"),
			})
			if sy := f.Ownership.ScoreYAML; sy == nil || sy.Team != "" {
				t.Errorf("score.yaml = %+v, want no team", sy)
			}
			for _, c := range f.Ownership.Catalog {
				if c.Owner != "" {
					t.Errorf("catalog owner = %q, want none", c.Owner)
				}
			}
		})
	}
}
