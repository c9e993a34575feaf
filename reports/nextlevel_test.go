package reports

import (
	"testing"

	"github.com/scoredev/score/scorecard"
)

func TestNextLevelCheapestFirst(t *testing.T) {
	t.Parallel()
	f := scorecard.Finding{Message: "x"}
	r := scorecard.Repo{Level: scorecard.Bronze, Checks: []scorecard.CheckResult{
		{ID: "a.heavy", Level: scorecard.Silver, Weight: 3, Outcome: scorecard.Fail, Findings: []scorecard.Finding{f}},
		{ID: "b.light", Level: scorecard.Silver, Weight: 1, Outcome: scorecard.Fail, Findings: []scorecard.Finding{f}},
		{ID: "c.many", Level: scorecard.Silver, Weight: 3, Outcome: scorecard.Fail, Findings: []scorecard.Finding{f, f, f}},
		{ID: "d.fixable", Level: scorecard.Silver, Weight: 1, Outcome: scorecard.Fail, Findings: []scorecard.Finding{f, f, f, f}},
		{ID: "e.gold", Level: scorecard.Gold, Weight: 1, Outcome: scorecard.Fail},
		{ID: "f.pass", Level: scorecard.Silver, Weight: 1, Outcome: scorecard.Pass},
	}}
	next, blockers := nextLevel(r, map[string]bool{"d.fixable": true})
	var ids []string
	for _, c := range blockers {
		ids = append(ids, c.ID)
	}
	if want := []string{"d.fixable", "a.heavy", "b.light", "c.many"}; next != scorecard.Silver || !equal(ids, want) {
		t.Errorf("next %s, blockers %v; want silver, %v", next, ids, want)
	}
	if next, _ := nextLevel(scorecard.Repo{Level: scorecard.Gold}, nil); next != "" {
		t.Errorf("gold has a next level %q", next)
	}
	if next, _ := nextLevel(scorecard.Repo{Level: "weird"}, nil); next != "" {
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
