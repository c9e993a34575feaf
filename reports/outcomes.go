package reports

import (
	"fmt"
	"math"
	"strconv"

	"github.com/scoredev/score/scorecard"
)

// The alignment of levels and checks with delivery outcomes (score scan
// --outcomes; docs/outcomes.md), laid out once for the HTML and Markdown
// reports. The JSON report carries scorecard.Alignment as it is.

// tooFew is what a figure resting on fewer than scorecard.MinCompare
// repositories shows instead.
const tooFew = "too few to compare"

// outcomesView is the alignment × outcomes tables, ready to print.
type outcomesView struct {
	Measures []string // column titles, with units
	Levels   []outcomesRow
	Checks   []outcomesRow
	Note     string
	Window   string
	MinRepos int
}

type outcomesRow struct {
	Name  string
	Title string
	Repos int
	Cells []outcomesCell
}

type outcomesCell struct {
	Text   string
	Detail string // how many repositories the figure rests on
	TooFew bool
}

// buildOutcomesView lays out the alignment of scan; nil when no outcomes
// were collected.
func buildOutcomesView(scan *scorecard.Scan) *outcomesView {
	a := scan.Alignment
	if a == nil {
		a = scorecard.ComputeAlignment(scan.Repos)
	}
	if a == nil {
		return nil
	}
	v := &outcomesView{Note: a.Note, MinRepos: scorecard.MinCompare}
	for _, r := range scan.Repos {
		if r.Outcomes != nil {
			v.Window = fmt.Sprintf("the %d days to %s", r.Outcomes.WindowDays, r.Outcomes.Until.UTC().Format("2006-01-02"))
			break
		}
	}
	for _, name := range scorecard.MeasureNames {
		v.Measures = append(v.Measures, scorecard.MeasureTitle(name)+" ("+measureUnit(name)+")")
	}
	for _, g := range a.Groups {
		row := outcomesRow{Name: g.Group, Repos: g.Repos}
		for _, name := range scorecard.MeasureNames {
			f := g.Measures[name]
			c := outcomesCell{Detail: plural(f.Repos, "repo")}
			switch {
			case g.TooFew || f.Repos < scorecard.MinCompare || f.Median == nil:
				c.Text, c.TooFew = tooFew, true
			default:
				c.Text = formatMeasure(name, *f.Median, false)
				if f.Band != "" {
					c.Text += " · " + f.Band
				}
			}
			row.Cells = append(row.Cells, c)
		}
		v.Levels = append(v.Levels, row)
	}
	for _, ch := range a.Checks {
		row := outcomesRow{Name: ch.Check, Title: ch.Title}
		for _, name := range scorecard.MeasureNames {
			d := ch.Measures[name]
			c := outcomesCell{Detail: fmt.Sprintf("%d pass, %d fail", d.PassRepos, d.FailRepos)}
			if d.Difference == nil {
				c.Text, c.TooFew = tooFew, true
			} else {
				c.Text = formatMeasure(name, *d.Difference, true)
			}
			row.Cells = append(row.Cells, c)
		}
		v.Checks = append(v.Checks, row)
	}
	return v
}

func measureUnit(name string) string {
	switch name {
	case scorecard.DeploymentFrequency:
		return "deployments a week, median"
	case scorecard.ChangeFailureRate:
		return "median"
	}
	return "hours, median"
}

// formatMeasure prints a value (or, signed, a difference) in the unit the
// report uses: deployments a week, hours, a percentage.
func formatMeasure(name string, v float64, signed bool) string {
	var s, unit string
	switch name {
	case scorecard.DeploymentFrequency:
		s, unit = strconv.FormatFloat(v*7, 'f', 1, 64), "/week"
	case scorecard.ChangeFailureRate:
		s, unit = strconv.FormatFloat(v*100, 'f', 0, 64), "%"
		if signed {
			unit = " pts"
		}
	default:
		s, unit = strconv.FormatFloat(v, 'f', 1, 64), " h"
	}
	if signed && v > 0 && math.Abs(v) > 0 {
		s = "+" + s
	}
	return s + unit
}

// markdownOutcomes writes the alignment section of the organisation
// report.
func markdownOutcomes(ew *errWriter, scan *scorecard.Scan) {
	v := buildOutcomesView(scan)
	if v == nil {
		return
	}
	ew.printf("## Alignment and delivery outcomes\n\n")
	ew.printf("Median of each delivery measure over %s, per level; each figure names how many repositories it rests on, and one resting on fewer than %d says %s. More deployments are better; for the other three measures less is.\n\n", v.Window, v.MinRepos, tooFew)
	ew.printf("| Level | Repos |")
	for _, m := range v.Measures {
		ew.printf(" %s |", mdCell(m))
	}
	ew.printf("\n| --- | ---: |%s\n", repeatCell(" ---: |", len(v.Measures)))
	for _, r := range v.Levels {
		ew.printf("| %s | %d |", mdCell(r.Name), r.Repos)
		for _, c := range r.Cells {
			ew.printf(" %s (%s) |", mdCell(c.Text), mdCell(c.Detail))
		}
		ew.printf("\n")
	}
	ew.printf("\n### By check: passing minus failing\n\n")
	ew.printf("| Check |")
	for _, m := range v.Measures {
		ew.printf(" %s |", mdCell(m))
	}
	ew.printf("\n| --- |%s\n", repeatCell(" ---: |", len(v.Measures)))
	for _, r := range v.Checks {
		ew.printf("| %s |", mdCode(r.Name, true))
		for _, c := range r.Cells {
			ew.printf(" %s (%s) |", mdCell(c.Text), mdCell(c.Detail))
		}
		ew.printf("\n")
	}
	ew.printf("\n%s\n\n", mdText(v.Note))
}

func repeatCell(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
