package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// htmlHeatmap is the heatmap section: teams by category, and per category
// a drill-down of teams by check.
type htmlHeatmap struct {
	Categories []string
	Rows       []heatRow
	Drill      []heatCategory
}

type heatRow struct {
	Team  string
	Cells []heatCell
}

type heatCell struct {
	Class string
	Text  string
	Title string
}

// heatCategory is one category's drill-down: its checks as columns, one
// row per team.
type heatCategory struct {
	Name   string
	Checks []heatCheck
	Rows   []heatRow
}

type heatCheck struct {
	scorecard.CheckResult
	// Short is the id without its category prefix, for a narrow header.
	Short string
}

// Heatmap is the data of the heatmap section.
func (p *htmlPage) Heatmap() htmlHeatmap {
	var h htmlHeatmap
	byCat := map[string][]scorecard.CheckResult{}
	for _, c := range p.Checks {
		if _, ok := byCat[c.Category]; !ok {
			h.Categories = append(h.Categories, c.Category)
		}
		byCat[c.Category] = append(byCat[c.Category], c)
	}
	slices.SortFunc(h.Categories, compareCategories)
	teams := map[string][]scorecard.Repo{}
	for _, r := range scorecard.Units(p.scan.Repos) { // components under their own teams
		teams[scorecard.TeamOf(r)] = append(teams[scorecard.TeamOf(r)], r)
	}
	for _, t := range p.Teams {
		row := heatRow{Team: t.Name}
		for _, cat := range h.Categories {
			row.Cells = append(row.Cells, categoryCell(t.Name, cat, teams[t.Name]))
		}
		h.Rows = append(h.Rows, row)
	}
	for _, cat := range h.Categories {
		hc := heatCategory{Name: cat}
		for _, c := range byCat[cat] {
			hc.Checks = append(hc.Checks, heatCheck{CheckResult: c, Short: strings.TrimPrefix(c.ID, cat+".")})
		}
		for _, t := range p.Teams {
			hc.Rows = append(hc.Rows, heatRow{Team: t.Name, Cells: heatCells(t.Name, teams[t.Name], byCat[cat])})
		}
		h.Drill = append(h.Drill, hc)
	}
	return h
}

// outcomeCounts counts the outcomes of the checks keep selects over the
// scanned repositories.
func outcomeCounts(repos []scorecard.Repo, keep func(scorecard.CheckResult) bool) map[scorecard.Outcome]int {
	counts := map[scorecard.Outcome]int{}
	for _, r := range repos {
		if r.Error != "" {
			continue
		}
		for _, c := range r.Checks {
			if keep(c) {
				counts[c.Outcome]++
			}
		}
	}
	return counts
}

// shareCell colours a cell by the share of applicable results that pass.
// An exempt result does not pass: the heatmap shows adoption of the
// golden path, not the score.
func shareCell(counts map[scorecard.Outcome]int, title, unit string) heatCell {
	pass := counts[scorecard.Pass]
	applies := pass + counts[scorecard.Fail] + counts[scorecard.Error] + counts[scorecard.Exempt]
	if applies == 0 {
		title += ": does not apply"
	} else {
		title += fmt.Sprintf(": %d of %s pass", pass, plural(applies, unit))
	}
	var extra []string
	for _, o := range []scorecard.Outcome{scorecard.Fail, scorecard.Error, scorecard.Exempt, scorecard.Skip} {
		if counts[o] > 0 {
			extra = append(extra, fmt.Sprintf("%d %s", counts[o], o))
		}
	}
	if len(extra) > 0 {
		title += " (" + strings.Join(extra, ", ") + ")"
	}
	if applies == 0 {
		return heatCell{Class: "na", Text: "–", Title: title}
	}
	share := float64(pass) / float64(applies)
	return heatCell{
		Class: "h" + strconv.Itoa(int(math.Round(share*10))),
		Text:  strconv.Itoa(int(math.Round(share*100))) + "%",
		Title: title,
	}
}

// categoryCell is the share of a team's check results in one category,
// over the checks that apply, that pass.
func categoryCell(team, category string, repos []scorecard.Repo) heatCell {
	counts := outcomeCounts(repos, func(c scorecard.CheckResult) bool { return c.Category == category })
	return shareCell(counts, team+" · "+category, "check result")
}

// heatCells is one team's row of a category's drill-down: per check, the
// share of the team's scanned repositories where the check applies (not
// skipped) that pass it.
func heatCells(team string, repos []scorecard.Repo, checks []scorecard.CheckResult) []heatCell {
	cells := make([]heatCell, 0, len(checks))
	for _, chk := range checks {
		counts := outcomeCounts(repos, func(c scorecard.CheckResult) bool { return c.ID == chk.ID })
		cells = append(cells, shareCell(counts, team+" · "+chk.ID, "repo"))
	}
	return cells
}

// teamBlocker is a check that keeps some of a team's repositories below
// their next level.
type teamBlocker struct {
	scorecard.CheckResult
	// Repos are the repositories it blocks, by name.
	Repos   []string
	Fixable bool
}

// teamBlockers gathers the repositories' next-level blockers by check,
// cheapest first: those `score fix` can fix, then those blocking more
// repositories, then the heavier, then by id.
func teamBlockers(repos []scorecard.Repo, fixable map[string]bool) []teamBlocker {
	idx := map[string]int{}
	var out []teamBlocker
	for _, r := range repos {
		_, blockers := nextLevel(r, fixable)
		for _, c := range blockers {
			i, ok := idx[c.ID]
			if !ok {
				i = len(out)
				idx[c.ID] = i
				c.Findings, c.Evidence, c.Exemption, c.Error, c.Reason = nil, nil, nil, "", ""
				out = append(out, teamBlocker{CheckResult: c, Fixable: fixable[c.ID]})
			}
			out[i].Repos = append(out[i].Repos, r.Name)
		}
	}
	rank := func(b teamBlocker) int {
		if b.Fixable {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b teamBlocker) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(len(b.Repos), len(a.Repos)),
			cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.ID, b.ID))
	})
	return out
}
