package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// htmlOverview is the overview section: the charts over time, the checks
// failing most across the organisation and the teams that moved most.
type htmlOverview struct {
	// Points is how many scans the charts plot; they are drawn from two.
	Points int
	Levels stackChart
	Mean   lineChart
	// FixedSet says which repositories Mean is over.
	FixedSet   string
	TopFailing []failingCheck
	Improved   []teamMove
	Regressed  []teamMove
	// MovesSince is the date of the scan the moves are measured from.
	MovesSince string
}

type failingCheck struct {
	scorecard.CheckResult
	Failing int
	Applies int
	// Width is the bar's width in pixels (of 120).
	Width int
}

type teamMove struct {
	Name     string
	Delta    string
	Compared int
	Old, New string
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH                  = 560, 220
	chartLeft, chartRight           = 44, 12
	chartTop, chartBottom           = 12, 34
	plotW                           = chartW - chartLeft - chartRight
	plotH                           = chartH - chartTop - chartBottom
	topFailingShown, teamMovesShown = 10, 5
	failingBarWidth                 = 120
)

type lineChart struct {
	Points   []chartPoint
	Polyline string
	YTicks   []chartTick
}

type chartPoint struct {
	X, Y   float64
	Label  string
	Title  string
	LabelX float64
}

type chartTick struct {
	Y     float64
	Label string
}

type stackChart struct {
	Columns []stackColumn
	YTicks  []chartTick
}

type stackColumn struct {
	X, W     float64
	LabelX   float64
	Label    string
	Segments []stackSegment
}

type stackSegment struct {
	Level string
	Y, H  float64
	Title string
}

// Overview is the data of the overview section.
func (p *htmlPage) Overview() htmlOverview {
	var o htmlOverview
	series := p.series()
	o.Points = len(series)
	if len(series) >= 2 {
		o.Levels = levelChart(series)
		o.Mean, o.FixedSet = meanChart(series)
	}
	o.TopFailing = topFailing(p.scan, topFailingShown)
	prev := p.opts.Previous
	if prev == nil && len(p.opts.History) > 0 {
		prev = p.opts.History[len(p.opts.History)-1]
	}
	if prev != nil {
		o.Improved, o.Regressed = teamMoves(prev, p.scan, teamMovesShown)
		if !prev.FinishedAt.IsZero() {
			o.MovesSince = prev.FinishedAt.UTC().Format("2006-01-02")
		}
	}
	return o
}

// series are the scans the charts plot, oldest first: the history, else
// the previous scan, then this one.
func (p *htmlPage) series() []*scorecard.Scan {
	var out []*scorecard.Scan
	switch {
	case len(p.opts.History) > 0:
		out = append(out, p.opts.History...)
	case p.opts.Previous != nil:
		out = append(out, p.opts.Previous)
	}
	return append(out, p.scan)
}

func scanLabel(s *scorecard.Scan) (short, long string) {
	if s.FinishedAt.IsZero() {
		return "?", "date unknown"
	}
	t := s.FinishedAt.UTC()
	return t.Format("01-02"), t.Format("2006-01-02 15:04 UTC")
}

// xOf spreads n points over the plot's width, centred in equal slots.
func xOf(i, n int) float64 {
	slot := float64(plotW) / float64(n)
	return float64(chartLeft) + slot*(float64(i)+0.5)
}

// levelChart stacks each scan's repositories by level, none at the bottom:
// every repository scanned without error in that scan.
func levelChart(series []*scorecard.Scan) stackChart {
	most := 1
	sums := make([]scorecard.Summary, len(series))
	for i, s := range series {
		sums[i] = scorecard.OrgSummary(s.Repos)
		most = max(most, sums[i].Scanned)
	}
	var c stackChart
	slot := float64(plotW) / float64(len(series))
	w := min(slot*0.6, 56)
	for i, s := range series {
		short, long := scanLabel(s)
		x := xOf(i, len(series))
		col := stackColumn{X: x - w/2, W: w, LabelX: x, Label: short}
		y := float64(chartTop + plotH)
		for _, l := range []string{scorecard.None, scorecard.Bronze, scorecard.Silver, scorecard.Gold} {
			n := sums[i].Levels[l]
			if n == 0 {
				continue
			}
			h := float64(plotH) * float64(n) / float64(most)
			y -= h
			col.Segments = append(col.Segments, stackSegment{Level: l, Y: y, H: h,
				Title: fmt.Sprintf("%s: %s at %s, of %s scanned", long, plural(n, "repository"), l, strconv.Itoa(sums[i].Scanned))})
		}
		c.Columns = append(c.Columns, col)
	}
	c.YTicks = []chartTick{{Y: float64(chartTop + plotH), Label: "0"}, {Y: float64(chartTop), Label: strconv.Itoa(most)}}
	return c
}

// meanChart plots the mean score of a fixed set: the repositories scanned
// without error in every plotted scan, so that a repository joining or
// leaving moves no point.
func meanChart(series []*scorecard.Scan) (lineChart, string) {
	fixed := scorecard.FixedSetMeans(series)
	var c lineChart
	for _, v := range []int{0, 25, 50, 75, 100} {
		c.YTicks = append(c.YTicks, chartTick{Y: scoreY(float64(v)), Label: strconv.Itoa(v)})
	}
	if fixed.Repos == 0 {
		return c, fmt.Sprintf("No repository was scanned in all %d scans, so there is no fixed set to plot.", len(series))
	}
	var pts []string
	for i, s := range series {
		mean := fixed.Means[i]
		short, long := scanLabel(s)
		pt := chartPoint{X: xOf(i, len(series)), Y: scoreY(mean), Label: short,
			Title: fmt.Sprintf("%s: mean score %s over the same %s", long, formatScore(mean), plural(fixed.Repos, "repository"))}
		pt.LabelX = pt.X
		c.Points = append(c.Points, pt)
		pts = append(pts, strconv.FormatFloat(pt.X, 'f', 1, 64)+","+strconv.FormatFloat(pt.Y, 'f', 1, 64))
	}
	c.Polyline = strings.Join(pts, " ")
	note := fmt.Sprintf("Over the same %s in every point: those scanned without error in all %d scans.",
		plural(fixed.Repos, "repository"), len(series))
	if fixed.Left > 0 {
		note += fmt.Sprintf(" %s in only some of the scans %s left out.", plural(fixed.Left, "repository"), isAre(fixed.Left))
	}
	return c, note
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func scoreY(score float64) float64 {
	return float64(chartTop) + float64(plotH)*(1-score/100)
}

// topFailing are the checks failing (fail or error) in the most
// repositories of scan, at most n.
func topFailing(scan *scorecard.Scan, n int) []failingCheck {
	byID := map[string]*failingCheck{}
	for _, chk := range checkCatalog(scan) {
		byID[chk.ID] = &failingCheck{CheckResult: chk}
	}
	for _, r := range scan.Repos {
		if r.Error != "" {
			continue
		}
		for _, c := range r.Checks {
			fc := byID[c.ID]
			if c.Outcome != scorecard.Skip {
				fc.Applies++
			}
			if c.Outcome.Failing() {
				fc.Failing++
			}
		}
	}
	var out []failingCheck
	for _, fc := range byID {
		if fc.Failing > 0 {
			fc.Width = failingBarWidth * fc.Failing / fc.Applies
			out = append(out, *fc)
		}
	}
	slices.SortFunc(out, func(a, b failingCheck) int {
		return cmp.Or(cmp.Compare(b.Failing, a.Failing), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(n, len(out))]
}

// teamMoves are the teams whose like-for-like mean rose most and fell
// most since prev, at most n of each; teams that did not move are left
// out.
func teamMoves(prev, scan *scorecard.Scan, n int) (improved, regressed []teamMove) {
	var moved []scorecard.TeamDiff
	for _, td := range scorecard.DiffScans(prev, scan).Teams {
		if td.Old && td.New && td.Trend.Compared > 0 && td.Delta != 0 {
			moved = append(moved, td)
		}
	}
	slices.SortFunc(moved, func(a, b scorecard.TeamDiff) int {
		return cmp.Or(cmp.Compare(b.Delta, a.Delta), cmp.Compare(a.Name, b.Name))
	})
	move := func(td scorecard.TeamDiff) teamMove {
		return teamMove{Name: td.Name, Delta: formatDelta(td.Delta), Compared: td.Trend.Compared,
			Old: formatScore(td.Trend.OldScore), New: formatScore(td.Trend.NewScore)}
	}
	for _, td := range moved {
		if td.Delta > 0 && len(improved) < n {
			improved = append(improved, move(td))
		}
	}
	for _, td := range slices.Backward(moved) {
		if td.Delta < 0 && len(regressed) < n {
			regressed = append(regressed, move(td))
		}
	}
	return improved, regressed
}
