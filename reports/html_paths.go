package reports

import (
	"fmt"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// The path adoption section is its own template ("paths" in
// html_paths.tmpl), a section of the page (htmlSections).

// htmlAdoption is what the "paths" template shows: one row for the
// organisation, then one per team; one column per path, off-path last.
type htmlAdoption struct {
	Lead    string
	Legend  string
	Columns []htmlPathColumn
	Rows    []htmlAdoptionRow
}

type htmlPathColumn struct {
	ID  string
	Off bool
}

type htmlAdoptionRow struct {
	Team  string
	All   bool
	Cells []htmlAdoptionCell
}

type htmlAdoptionCell struct {
	Repos    int
	Off      bool
	Delta    string
	Title    string
	Levels   string
	Segments []htmlSegment
}

type htmlSegment struct {
	Level   string
	Percent int
}

// buildHTMLAdoption computes the section's data; nil (no section) for a
// scan scored without paths.
func buildHTMLAdoption(scan *scorecard.Scan, opts Options) *htmlAdoption {
	if !scorecard.HasPaths(scan) {
		return nil
	}
	org, teams := scorecard.Adoption(scan, opts.Previous)
	a := &htmlAdoption{Lead: adoptionLead(org), Legend: pathLegend(org)}
	for _, c := range org.Paths {
		a.Columns = append(a.Columns, htmlPathColumn{ID: c.Path, Off: c.Path == scorecard.OffPath})
	}
	row := func(name string, all bool, pa scorecard.PathAdoption) htmlAdoptionRow {
		r := htmlAdoptionRow{Team: name, All: all}
		for _, c := range pa.Paths {
			cell := htmlAdoptionCell{Repos: c.Repos, Off: c.Path == scorecard.OffPath, Title: name + " · " + c.Path + ": " + adoptionCell(c)}
			if c.Old && c.Delta != 0 {
				cell.Delta = fmt.Sprintf("%+d", c.Delta)
			}
			var levels []string
			for _, l := range []string{scorecard.Gold, scorecard.Silver, scorecard.Bronze, scorecard.None} {
				if n := c.Levels[l]; n > 0 && c.Repos > 0 {
					cell.Segments = append(cell.Segments, htmlSegment{Level: l, Percent: 100 * n / c.Repos})
					levels = append(levels, fmt.Sprintf("%d %s", n, l))
				}
			}
			cell.Levels = strings.Join(levels, " · ")
			r.Cells = append(r.Cells, cell)
		}
		return r
	}
	a.Rows = append(a.Rows, row(allTeams, true, org))
	for _, t := range teams {
		a.Rows = append(a.Rows, row(strings.TrimSpace(t.Team), false, t))
	}
	return a
}
