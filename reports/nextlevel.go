package reports

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/scoredev/score/scorecard"
)

// nextLevel is the level above the repository's and the failing checks
// that keep it there, cheapest first: those `score fix` can fix, then
// those with fewer findings, then the heavier (more score for the same
// work), then by id. It returns "" at gold or for an unscanned repository.
func nextLevel(r scorecard.Repo, fixable map[string]bool) (string, []scorecard.CheckResult) {
	if r.Error != "" {
		return "", nil
	}
	rank := scorecard.LevelRank(r.Level)
	if rank < 0 || rank >= len(scorecard.Levels) {
		return "", nil
	}
	next := scorecard.Levels[rank]
	var blockers []scorecard.CheckResult
	for _, c := range r.Checks {
		if c.Level == next && c.Outcome.Failing() {
			blockers = append(blockers, c)
		}
	}
	if len(blockers) == 0 {
		return "", nil
	}
	fix := func(c scorecard.CheckResult) int {
		if fixable[c.ID] {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(blockers, func(a, b scorecard.CheckResult) int {
		return cmp.Or(cmp.Compare(fix(a), fix(b)), cmp.Compare(len(a.Findings), len(b.Findings)),
			cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.ID, b.ID))
	})
	return next, blockers
}

// nextLevelItems names the blockers as "id (weight N, score fix)".
func nextLevelItems(blockers []scorecard.CheckResult, fixable map[string]bool, name func(string) string, fixText string) []string {
	out := make([]string, len(blockers))
	for i, c := range blockers {
		out[i] = name(c.ID) + " (weight " + strconv.Itoa(c.Weight)
		if fixable[c.ID] {
			out[i] += ", " + fixText
		}
		out[i] += ")"
	}
	return out
}
