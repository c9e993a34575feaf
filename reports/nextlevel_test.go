package reports

import (
	"testing"

	"github.com/scoredev/score/scorecards"
)

func TestNextLevelCheapestFirst(t *testing.T) {
	t.Parallel()
	f := scorecards.Finding{Message: "x"}
	r := scorecards.Repo{Level: scorecards.Bronze, Checks: []scorecards.CheckResult{
		{ID: "a.heavy", Level: scorecards.Silver, Weight: 3, Outcome: scorecards.Fail, Findings: []scorecards.Finding{f}},
		{ID: "b.light", Level: scorecards.Silver, Weight: 1, Outcome: scorecards.Fail, Findings: []scorecards.Finding{f}},
		{ID: "c.many", Level: scorecards.Silver, Weight: 3, Outcome: scorecards.Fail, Findings: []scorecards.Finding{f, f, f}},
		{ID: "d.fixable", Level: scorecards.Silver, Weight: 1, Outcome: scorecards.Fail, Findings: []scorecards.Finding{f, f, f, f}},
		{ID: "e.gold", Level: scorecards.Gold, Weight: 1, Outcome: scorecards.Fail},
		{ID: "f.pass", Level: scorecards.Silver, Weight: 1, Outcome: scorecards.Pass},
	}}
	next, blockers := nextLevel(r, map[string]bool{"d.fixable": true})
	var ids []string
	for _, c := range blockers {
		ids = append(ids, c.ID)
	}
	if want := []string{"d.fixable", "a.heavy", "b.light", "c.many"}; next != scorecards.Silver || !equal(ids, want) {
		t.Errorf("next %s, blockers %v; want silver, %v", next, ids, want)
	}
	if next, _ := nextLevel(scorecards.Repo{Level: scorecards.Gold}, nil); next != "" {
		t.Errorf("gold has a next level %q", next)
	}
	if next, _ := nextLevel(scorecards.Repo{Level: "weird"}, nil); next != "" {
		t.Errorf("an unknown level has a next level %q", next)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
