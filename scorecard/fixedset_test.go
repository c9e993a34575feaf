package scorecard

import (
	"slices"
	"testing"
)

// TestFixedSetMeans: the mean of each scan is over the repositories
// scanned without error in every scan; one added later or failing once is
// left out and counted.
func TestFixedSetMeans(t *testing.T) {
	t.Parallel()
	series := []*Scan{
		{Repos: []Repo{{Name: "a", Score: 40}, {Name: "b", Score: 60}, {Name: "c", Score: 10}}},
		{Repos: []Repo{{Name: "a", Score: 50}, {Name: "b", Score: 70}, {Name: "c", Error: "clone failed"}}},
		{Repos: []Repo{{Name: "a", Score: 60}, {Name: "b", Score: 80}, {Name: "c", Score: 90}, {Name: "d", Score: 100}}},
	}
	got := FixedSetMeans(series)
	if got.Repos != 2 || got.Left != 2 || !slices.Equal(got.Means, []float64{50, 60, 70}) {
		t.Errorf("FixedSetMeans = %+v, want 2 repos (a, b), 2 left (c, d), means 50 60 70", got)
	}
	if none := FixedSetMeans([]*Scan{{Repos: []Repo{{Name: "a"}}}, {Repos: []Repo{{Name: "b"}}}}); none.Repos != 0 || none.Means != nil || none.Left != 2 {
		t.Errorf("disjoint scans: %+v, want no fixed set and 2 left", none)
	}
}
