package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/scorecard"
)

// palette colours terminal text, or leaves it alone when colour is off.
type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) bold(s string) string   { return p.wrap("1", s) }
func (p palette) dim(s string) string    { return p.wrap("2", s) }
func (p palette) red(s string) string    { return p.wrap("31", s) }
func (p palette) green(s string) string  { return p.wrap("32", s) }
func (p palette) yellow(s string) string { return p.wrap("33", s) }

func (p palette) outcome(o scorecard.Outcome) string {
	switch o {
	case scorecard.Pass:
		return p.green("✓ pass")
	case scorecard.Fail:
		return p.red("✗ fail")
	case scorecard.Error:
		return p.wrap("1;31", "! error")
	case scorecard.Exempt:
		return p.yellow("~ exempt")
	case scorecard.Skip:
		return p.dim("- skip")
	}
	return string(o)
}

func (p palette) level(l string) string {
	switch l {
	case scorecard.Gold:
		return p.yellow(l)
	case scorecard.None:
		return p.red(l)
	}
	return l
}

// newTable is an ASCII-bordered table: ASCII keeps columns aligned in CI
// logs and in terminals that draw box characters double-width.
//
// width, when positive, caps the table's width (tablewriter's own
// accounting); fitLastColumn is what keeps the repository table inside a
// terminal.
func newTable(w io.Writer, header []string, align tw.Alignment, width int) *tablewriter.Table {
	opts := []tablewriter.Option{
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithAlignment(align),
	}
	if width > 0 {
		opts = append(opts, tablewriter.WithMaxWidth(width))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(header)
	return t
}

func renderTable(w io.Writer, scan *scorecard.Scan, opts Options) error {
	ew := &errWriter{w: w}
	p := palette{on: opts.Color}
	var err error
	if len(scan.Repos) == 1 {
		err = tableRepo(ew, scan.Repos[0], opts, p)
	} else {
		err = tableOrg(ew, scan, opts, p)
		if err == nil && len(opts.Campaigns) > 0 {
			ew.printf("\n%s\n\n", p.bold("Campaigns"))
			err = WriteCampaigns(ew, opts.Campaigns)
		}
	}
	if ew.err != nil {
		return ew.err
	}
	if err != nil {
		return fmt.Errorf("render table: %w", err)
	}
	return nil
}

func tableRepo(ew *errWriter, r scorecard.Repo, opts Options, p palette) error {
	if opts.Title != "" {
		ew.printf("%s\n\n", p.bold(opts.Title))
	}
	if r.Error != "" {
		ew.printf("%s  %s\n", p.bold(oneLine(r.Name)), p.red("not scanned: "+oneLine(r.Error)))
		return nil
	}
	ew.printf("%s  score %s  level %s%s\n", p.bold(oneLine(r.Name)), p.bold(formatScore(r.Score)), p.level(r.Level), erroredNote(r, p))
	var meta []string
	meta = append(meta, "team "+oneLine(scorecard.TeamOf(r)))
	if r.Commit != "" {
		meta = append(meta, "commit "+oneLine(shortCommit(r.Commit)))
	}
	if r.Path != "" {
		meta = append(meta, "path "+oneLine(r.Path)+" ("+oneLine(r.PathReason)+")")
	}
	ew.printf("%s\n", p.dim(strings.Join(meta, " · ")))

	if c := opts.Comparison; c != nil && !(c.Same() && opts.HeadLabel == "") {
		ew.printf("\nbase %s -> head %s (%s)\n",
			snapshotText(c.Base, p, ""), snapshotText(c.Head, p, opts.HeadLabel), formatDelta(c.Head.Score-c.Base.Score))
		ew.printf("fixes:  %s\n", listOrNone(c.Fixed, p.green))
		ew.printf("breaks: %s\n", listOrNone(c.Broken, p.red))
		ew.printf("findings: %d new, %d resolved", len(c.NewFindings), len(c.ResolvedFindings))
		if n := len(c.NewElsewhere); n > 0 {
			ew.printf(" (%d more in files the change did not touch)", n)
		}
		ew.printf("\n")
		tableComponents(ew, c, p)
	}
	ew.printf("\n")

	header := []string{"Category", "Result", "Check", "Level", "Title"}
	t := newTable(ew, header, nil, 0)
	var rows [][]string
	for _, g := range byCategory(r) {
		for i, c := range g.Checks {
			cat := ""
			if i == 0 {
				cat = g.Name + " " + formatScore(g.Score)
			}
			rows = append(rows, []string{oneLine(cat), p.outcome(c.Outcome), oneLine(c.ID), oneLine(c.Level), oneLine(c.Title)})
		}
	}
	fitLastColumn(header, rows, opts.Width)
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}

	failing := failingChecks(r)
	if next, blockers := nextLevel(r, opts.Fixable); next != "" {
		items := nextLevelItems(blockers, opts.Fixable, func(id string) string { return oneLine(id) }, "score fix")
		ew.printf("\n%s\n", wrapText(p.bold("To reach "+next+":")+" "+strings.Join(items, ", "), "  ", opts.Width))
	}
	var exempt []scorecard.CheckResult
	for _, c := range r.Checks {
		if c.Outcome == scorecard.Exempt {
			exempt = append(exempt, c)
		}
	}
	isNew := newFindings(opts.Comparison)
	if len(failing) > 0 {
		ew.printf("\n%s\n", p.bold("To fix"))
		for _, c := range failing {
			ew.printf("%s\n", wrapText(fmt.Sprintf("%s %s (%s, weight %d): %s%s", p.outcome(c.Outcome), p.bold(oneLine(c.ID)),
				oneLine(c.Level), c.Weight, oneLine(c.Title), fixMark(opts, c.ID, p)), "    ", opts.Width))
			if c.Error != "" {
				ew.printf("%s\n", wrapText("    error: "+oneLine(c.Error), "           ", opts.Width))
			}
			if c.Remediation != "" {
				ew.printf("%s\n", wrapText("    fix: "+oneLine(c.Remediation), "         ", opts.Width))
			}
			for _, f := range c.Findings {
				mark := ""
				if isNew[findingID{c.ID, f}] {
					mark = "  " + p.yellow("(new)")
				}
				ew.printf("%s\n", wrapText("    "+findingText(f, p)+mark, "      ", opts.Width))
			}
		}
	}
	if n := countFixable(failing, opts); n > 0 {
		ew.printf("\n%d of these can be fixed for you: run `score fix` to see the change, `score fix --apply` to make it.\n", n)
	}
	if len(exempt) > 0 {
		ew.printf("\n%s\n", p.bold("Exemptions"))
		for _, c := range exempt {
			ew.printf("%s\n", wrapText(fmt.Sprintf("%s %s: %s", p.outcome(c.Outcome), oneLine(c.ID), exemptionText(c.Exemption)), "    ", opts.Width))
		}
	}
	if len(r.Warnings) > 0 {
		ew.printf("\n%s\n", p.bold("Warnings"))
		for _, w := range r.Warnings {
			ew.printf("%s\n", wrapText("  "+p.yellow(oneLine(w.String())), "    ", opts.Width))
		}
	}
	return nil
}

func tableOrg(ew *errWriter, scan *scorecard.Scan, opts Options, p palette) error {
	title := opts.Title
	if title == "" {
		title = "score"
	}
	sum := scorecard.OrgSummary(scan.Repos)
	line := fmt.Sprintf("%s: %s, %s · mean score %s · gold %d · silver %d · bronze %d · none %d",
		p.bold(title), plural(sum.Repos, "repo"), plural(sum.Teams, "team"), formatScore(sum.Score),
		sum.Levels[scorecard.Gold], sum.Levels[scorecard.Silver], sum.Levels[scorecard.Bronze], sum.Levels[scorecard.None])
	if sum.Errors > 0 {
		line += " · " + p.red(strconv.Itoa(sum.Errors)+" not scanned")
	}
	if sum.CheckErrors > 0 {
		line += " · " + p.red(plural(sum.CheckErrors, "check")+" errored")
	}
	ew.printf("%s\n\n", wrapText(line, "  ", opts.Width))

	right := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignRight}
	var rows [][]string
	for _, r := range scan.Repos {
		name, team := oneLine(r.Name), oneLine(scorecard.TeamOf(r))
		row := []string{name, team, formatScore(r.Score), p.level(oneLine(r.Level)), strconv.Itoa(failingCount(r))}
		if r.Error != "" {
			row = []string{name, team, "-", p.red("error"), "-"}
		}
		rows = append(rows, row)
	}
	if err := writeFitTable(ew, []string{"Repo", "Team", "Score", "Level", "Failing"}, right, rows, opts.Width, []int{0, 1}, nil, ""); err != nil {
		return err
	}

	var trend map[string]scorecard.TeamDiff
	header := []string{"Team", "Repos", "Mean", "Min", "Gold", "Silver", "Bronze", "None", "Errors"}
	align := tw.Alignment{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	wrap := []int{0}
	short := []string{"Team", "Repos", "Mean", "Min", "G", "S", "B", "N", "Err"}
	if opts.Previous != nil {
		trend = teamTrend(opts.Previous, scan)
		header = append(header, "Change")
		short = append(short, "Change")
		align = append(align, tw.AlignRight)
		wrap = append(wrap, len(header)-1)
	}
	ew.printf("\n%s\n", p.bold("Teams"))
	rows = nil
	for _, team := range teamsOf(scan) {
		row := []string{oneLine(team.Name), strconv.Itoa(team.Repos), formatScore(team.Score), formatScore(team.Min),
			strconv.Itoa(team.Levels[scorecard.Gold]), strconv.Itoa(team.Levels[scorecard.Silver]),
			strconv.Itoa(team.Levels[scorecard.Bronze]), strconv.Itoa(team.Levels[scorecard.None]),
			strconv.Itoa(team.Errors)}
		if trend != nil {
			row = append(row, trendText(trend[team.Name]))
		}
		rows = append(rows, row)
	}
	if err := writeFitTable(ew, header, align, rows, opts.Width, wrap, short,
		"G, S, B, N: repos at gold, silver, bronze, none; Err: repos not scanned"); err != nil {
		return err
	}
	if err := tablePaths(ew, scan, opts, p); err != nil {
		return err
	}

	var errored []scorecard.Repo
	for _, r := range scan.Repos {
		if r.Error != "" {
			errored = append(errored, r)
		}
	}
	if len(errored) > 0 {
		ew.printf("\n%s\n", p.bold("Not scanned"))
		for _, r := range errored {
			ew.printf("%s\n", wrapText("  "+oneLine(r.Name)+": "+p.red(oneLine(r.Error)), "    ", opts.Width))
		}
	}
	return nil
}

// teamTrend indexes the per-team change since a previous scan.
func teamTrend(previous, current *scorecard.Scan) map[string]scorecard.TeamDiff {
	m := map[string]scorecard.TeamDiff{}
	for _, td := range scorecard.DiffScans(previous, current).Teams {
		m[td.Name] = td
	}
	return m
}

// trendText is a team's like-for-like change, with what was added or
// removed beside it when the team's repositories differ between the scans:
// "+2.5", "-1.0 (1 added, 0 removed)", "new".
func trendText(td scorecard.TeamDiff) string {
	if !td.Old {
		return "new"
	}
	text := formatDelta(td.Delta)
	if td.Trend.Compared == 0 {
		text = "n/a"
	}
	if td.Trend.Added > 0 || td.Trend.Removed > 0 {
		text += fmt.Sprintf(" (%d added, %d removed)", td.Trend.Added, td.Trend.Removed)
	}
	return text
}

// snapshotText is "commit score level"; label, when set, replaces the
// commit.
func snapshotText(s scorecard.Snapshot, p palette, label string) string {
	parts := []string{}
	if label != "" {
		parts = append(parts, oneLine(label))
	} else if s.Commit != "" {
		parts = append(parts, oneLine(shortCommit(s.Commit)))
	}
	parts = append(parts, formatScore(s.Score), p.level(s.Level))
	return strings.Join(parts, " ")
}

func listOrNone(ids []string, colour func(string) string) string {
	if len(ids) == 0 {
		return "none"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = colour(oneLine(id))
	}
	return strings.Join(out, ", ")
}

func findingText(f scorecard.Finding, p palette) string {
	if loc := location(f); loc != "" {
		return p.bold(oneLine(loc)) + "  " + oneLine(f.Message)
	}
	return oneLine(f.Message)
}

func exemptionText(e *scorecard.Exemption) string {
	if e == nil {
		return ""
	}
	s := oneLine(e.Reason) + " (expires " + oneLine(e.Expires)
	if e.Source != "" {
		s += ", " + oneLine(e.Source)
	}
	return s + ")"
}

// oneLine folds a multi-line text (remediations are often wrapped) into
// one line for a terminal or table cell, and replaces control characters:
// repository content must not be able to drive the terminal.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return '\uFFFD'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// fixMark is the marker of a check `score fix` can fix.
func fixMark(opts Options, id string, p palette) string {
	if !opts.Fixable[id] {
		return ""
	}
	return "  " + p.green("[score fix]")
}

// countFixable counts the failing checks `score fix` can fix.
func countFixable(failing []scorecard.CheckResult, opts Options) int {
	n := 0
	for _, c := range failing {
		if opts.Fixable[c.ID] {
			n++
		}
	}
	return n
}

// wrapText breaks a line at spaces so that no piece is wider than width
// columns (ANSI colour codes take none), continuing with indent; width 0
// leaves it whole. A word longer than a line stays whole on its own line.
func wrapText(s, indent string, width int) string {
	if width <= 0 || visibleWidth(s) <= width {
		return s
	}
	var b strings.Builder
	line, ind := 0, visibleWidth(indent)
	for i, word := range strings.Split(s, " ") {
		n := visibleWidth(word)
		switch {
		case i == 0:
		case line+1+n > width && line > ind && strings.TrimSpace(b.String()) != "":
			b.WriteString("\n" + indent)
			line = ind
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}

var ansiCode = lazyre.New("\x1b\\[[0-9;]*m")

// visibleWidth is the number of columns s takes on a terminal: runes,
// ANSI colour codes left out.
func visibleWidth(s string) int {
	return utf8.RuneCountInString(ansiCode.ReplaceAllString(s, ""))
}

// fitLastColumn wraps the last cell of each row (as lines tablewriter
// stacks) so that an ASCII table of these rows is at most width columns
// wide; when that leaves the last column too narrow, the first column's
// cells are broken at their spaces too. width 0, or a terminal too narrow
// for any of it, leaves rows alone.
func fitLastColumn(header []string, rows [][]string, width int) {
	const minRoom = 8
	if width <= 0 || len(header) == 0 {
		return
	}
	last := len(header) - 1
	room := func() int {
		used := 1 // the left border
		for i := range last {
			w := 0
			for _, l := range strings.Split(header[i], "\n") {
				w = max(w, visibleWidth(l))
			}
			for _, row := range rows {
				for _, l := range strings.Split(row[i], "\n") {
					w = max(w, visibleWidth(l))
				}
			}
			used += w + 3 // " cell |"
		}
		return width - used - 3
	}
	widest := visibleWidth(header[last])
	for _, row := range rows {
		widest = max(widest, visibleWidth(row[last]))
	}
	r := room()
	if widest <= r {
		return
	}
	if r < minRoom && last > 0 {
		for _, row := range rows {
			row[0] = strings.ReplaceAll(row[0], " ", "\n")
		}
		r = room()
	}
	if r < minRoom || widest <= r {
		return
	}
	for _, row := range rows {
		var lines []string
		for _, l := range strings.Split(wrapText(row[last], "", r), "\n") {
			// A word longer than the column is cut into pieces.
			for rs := []rune(l); ; rs = rs[r:] {
				if len(rs) <= r || visibleWidth(l) != len([]rune(l)) {
					lines = append(lines, string(rs))
					break
				}
				lines = append(lines, string(rs[:r]))
			}
		}
		row[last] = strings.Join(lines, "\n")
	}
}
