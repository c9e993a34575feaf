package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/scoredev/score/scorecard"
)

// Path adoption: for a scan scored with golden paths, how many services of
// each team (and of the organisation) are on each path, at which level,
// and how many are off every path, with the change since the previous
// scan. The counts come from scorecard.Adoption; this file only lays them
// out for the Markdown, table and HTML reports.

// adoptionCell is "8 (1 bronze, 7 none)", with " +2" when the count
// changed since the previous scan.
func adoptionCell(c scorecard.PathCount) string {
	s := strconv.Itoa(c.Repos)
	var levels []string
	for _, l := range []string{scorecard.Gold, scorecard.Silver, scorecard.Bronze, scorecard.None} {
		if n := c.Levels[l]; n > 0 {
			levels = append(levels, fmt.Sprintf("%d %s", n, l))
		}
	}
	if len(levels) > 0 && c.Repos > 0 {
		s += " (" + strings.Join(levels, ", ") + ")"
	}
	if c.Old && c.Delta != 0 {
		s += fmt.Sprintf(" %+d", c.Delta)
	}
	return s
}

// adoptionLead is the organisation's adoption in a sentence: "15 of 24
// scanned repositories (62%) are on a golden path; 9 are off every path."
func adoptionLead(org scorecard.PathAdoption) string {
	on := org.OnPath()
	pct := 0
	if org.Scanned > 0 {
		pct = (100*on + org.Scanned/2) / org.Scanned
	}
	off := org.Scanned - on
	s := fmt.Sprintf("%d of %s (%d%%) on a golden path; %d off every path", on, plural(org.Scanned, "scanned repository"), pct, off)
	delta, old := 0, false
	for _, c := range org.Paths {
		if c.Path != scorecard.OffPath {
			delta += c.Delta
		}
		old = old || c.Old
	}
	if old && delta != 0 {
		s += fmt.Sprintf(" (%+d on a path since the previous scan)", delta)
	}
	return s
}

// adoptionHeader names the columns: each path's title (or id), off-path last.
func adoptionHeader(org scorecard.PathAdoption) []string {
	cols := []string{"Team"}
	for _, c := range org.Paths {
		cols = append(cols, pathLabel(c))
	}
	return cols
}

func pathLabel(c scorecard.PathCount) string { return c.Path }

// pathLegend is "go-service: Go service on the platform · ...", the
// titles of the paths that have one.
func pathLegend(org scorecard.PathAdoption) string {
	var parts []string
	for _, c := range org.Paths {
		if c.Title != "" && c.Title != c.Path {
			parts = append(parts, c.Path+": "+c.Title)
		}
	}
	return strings.Join(parts, " · ")
}

func adoptionRow(name string, a scorecard.PathAdoption) []string {
	row := []string{name}
	for _, c := range a.Paths {
		row = append(row, adoptionCell(c))
	}
	return row
}

const allTeams = "all teams"

// markdownPaths writes the path adoption section of the organisation
// report; nothing for a scan scored without paths.
func markdownPaths(ew *errWriter, scan *scorecard.Scan, opts Options) {
	if !scorecard.HasPaths(scan) {
		return
	}
	org, teams := scorecard.Adoption(scan, opts.Previous)
	ew.printf("## Path adoption\n\n%s.\n\n", adoptionLead(org))
	if legend := pathLegend(org); legend != "" {
		ew.printf("Paths: %s\n\n", mdText(legend))
	}
	header := adoptionHeader(org)
	for i, h := range header {
		header[i] = mdCell(mdText(h))
	}
	ew.printf("| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
	rows := [][]string{adoptionRow("**"+allTeams+"**", org)}
	for _, t := range teams {
		rows = append(rows, adoptionRow(mdCell(mdText(t.Team)), t))
	}
	for _, r := range rows {
		ew.printf("| %s |\n", strings.Join(r, " | "))
	}
	ew.printf("\n")
}

// tablePaths writes the path adoption table of the terminal report.
func tablePaths(ew *errWriter, scan *scorecard.Scan, opts Options, p palette) error {
	if !scorecard.HasPaths(scan) {
		return nil
	}
	org, teams := scorecard.Adoption(scan, opts.Previous)
	ew.printf("\n%s: %s\n", p.bold("Path adoption"), adoptionLead(org))
	if legend := pathLegend(org); legend != "" {
		ew.printf("%s\n", oneLine(legend))
	}
	header := adoptionHeader(org)
	align := tw.Alignment{tw.AlignLeft}
	for range org.Paths {
		align = append(align, tw.AlignLeft)
	}
	t := newTable(ew, header, align, opts.Width)
	if err := t.Append(adoptionRow(allTeams, org)); err != nil {
		return err
	}
	for _, a := range teams {
		if err := t.Append(adoptionRow(oneLine(a.Team), a)); err != nil {
			return err
		}
	}
	return t.Render()
}

// markdownRepoPath says which golden path a repository was scored on, and
// why; nothing without paths.
func markdownRepoPath(ew *errWriter, r scorecard.Repo) {
	if r.Path == "" {
		return
	}
	ew.printf("Golden path %s: %s\n\n", mdCode(r.Path, false), mdText(r.PathReason))
}
