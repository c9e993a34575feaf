package scorecard

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Outcomes are a repository's delivery measures over a window (the four
// DORA measures; docs/outcomes.md). Each measure is filled from what the
// source records, or left empty with the reason; nothing is estimated.
type Outcomes struct {
	// WindowDays is the length of the window the measures cover, ending at
	// Until.
	WindowDays int       `json:"window_days"`
	Until      time.Time `json:"until"`
	// DeploymentFrequency is successful production deployments per day.
	DeploymentFrequency Measure `json:"deployment_frequency"`
	// LeadTime is the median hours from a change's first commit to its
	// merge, or to the deployment that shipped it when deployments exist.
	LeadTime Measure `json:"lead_time"`
	// ChangeFailureRate is the share (0..1) of deployments that failed or
	// needed remediation.
	ChangeFailureRate Measure `json:"change_failure_rate"`
	// TimeToRestore is the median hours from an incident (or a failed
	// deployment) to its resolution.
	TimeToRestore Measure `json:"time_to_restore"`
}

// Measure is one delivery measure. Value is nil when the data is not
// there; Reason then says why.
type Measure struct {
	Value *float64 `json:"value,omitempty"`
	// Unit is per_day, hours or ratio.
	Unit string `json:"unit"`
	// Source is where the figure came from: gitlab-api or git.
	Source string `json:"source,omitempty"`
	// Basis says what exactly was measured ("first commit to merge").
	Basis string `json:"basis,omitempty"`
	// Count is how many events the figure rests on (deployments, changes,
	// incidents).
	Count int `json:"count,omitempty"`
	// Band is the DORA performance band of the value: elite, high, medium
	// or low (docs/outcomes.md).
	Band   string `json:"band,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Measure names, in the order reports show them.
const (
	DeploymentFrequency = "deployment_frequency"
	LeadTime            = "lead_time"
	ChangeFailureRate   = "change_failure_rate"
	TimeToRestore       = "time_to_restore"
)

// MeasureNames lists the measures in report order.
var MeasureNames = []string{DeploymentFrequency, LeadTime, ChangeFailureRate, TimeToRestore}

// MeasureTitle is a measure's name for people.
func MeasureTitle(name string) string {
	switch name {
	case DeploymentFrequency:
		return "Deployment frequency"
	case LeadTime:
		return "Lead time for changes"
	case ChangeFailureRate:
		return "Change failure rate"
	case TimeToRestore:
		return "Time to restore"
	}
	return name
}

// Get returns the measure called name (MeasureNames).
func (o *Outcomes) Get(name string) *Measure {
	switch name {
	case DeploymentFrequency:
		return &o.DeploymentFrequency
	case LeadTime:
		return &o.LeadTime
	case ChangeFailureRate:
		return &o.ChangeFailureRate
	case TimeToRestore:
		return &o.TimeToRestore
	}
	return nil
}

// Bands are the DORA performance bands, best first.
var Bands = []string{"elite", "high", "medium", "low"}

// Band places a measure's value in the DORA performance bands of the 2023
// Accelerate State of DevOps report (thresholds and how they were read in
// docs/outcomes.md). A higher deployment frequency is better; for the
// other three a lower value is.
func Band(name string, v float64) string {
	switch name {
	case DeploymentFrequency: // per day: daily or more, weekly, monthly
		switch {
		case v >= 1:
			return "elite"
		case v >= 1.0/7:
			return "high"
		case v >= 1.0/30:
			return "medium"
		}
		return "low"
	case LeadTime: // hours: a day, a week, a month
		return lowerIsBetter(v, 24, 7*24, 30*24)
	case ChangeFailureRate:
		return lowerIsBetter(v, 0.05, 0.10, 0.15)
	case TimeToRestore: // hours: an hour, a day, a week
		return lowerIsBetter(v, 1, 24, 7*24)
	}
	return ""
}

func lowerIsBetter(v, elite, high, medium float64) string {
	switch {
	case v <= elite:
		return "elite"
	case v <= high:
		return "high"
	case v <= medium:
		return "medium"
	}
	return "low"
}

// Set fills a measure with a value, its band and the count behind it.
func (m *Measure) Set(name string, v float64, count int) {
	v = roundTo(v, 4)
	m.Value, m.Count, m.Band, m.Reason = &v, count, Band(name, v), ""
}

// Empty leaves a measure without a value, saying why.
func (m *Measure) Empty(reason string) {
	m.Value, m.Band, m.Reason = nil, "", reason
}

func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// Median is the median of vs (the mean of the middle two for an even
// count); ok is false for none.
func Median(vs []float64) (m float64, ok bool) {
	if len(vs) == 0 {
		return 0, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

// OutcomeMedians is the median of each measure over a set of repositories,
// with how many repositories had a value for it.
type OutcomeMedians struct {
	// Repos counts the repositories with outcomes collected at all.
	Repos    int                     `json:"repos"`
	Measures map[string]MedianFigure `json:"measures"`
}

// MedianFigure is one median and the number of repositories behind it.
type MedianFigure struct {
	Median *float64 `json:"median,omitempty"`
	Repos  int      `json:"repos"`
	Band   string   `json:"band,omitempty"`
}

// MedianOutcomes takes the median of each measure over the repositories
// that have it; nil when none of them has outcomes.
func MedianOutcomes(repos []Repo) *OutcomeMedians {
	out := &OutcomeMedians{Measures: map[string]MedianFigure{}}
	values := map[string][]float64{}
	for _, r := range repos {
		if r.Outcomes == nil || r.Error != "" {
			continue
		}
		out.Repos++
		for _, name := range MeasureNames {
			if m := r.Outcomes.Get(name); m.Value != nil {
				values[name] = append(values[name], *m.Value)
			}
		}
	}
	if out.Repos == 0 {
		return nil
	}
	for _, name := range MeasureNames {
		f := MedianFigure{Repos: len(values[name])}
		if v, ok := Median(values[name]); ok {
			v = roundTo(v, 4)
			f.Median, f.Band = &v, Band(name, v)
		}
		out.Measures[name] = f
	}
	return out
}

// rollupOutcomes gives each team the medians of its repositories'
// measures.
func rollupOutcomes(s *Scan) {
	byTeam := map[string][]Repo{}
	for _, r := range s.Repos {
		byTeam[TeamOf(r)] = append(byTeam[TeamOf(r)], r)
	}
	for i := range s.Teams {
		s.Teams[i].Outcomes = MedianOutcomes(byTeam[s.Teams[i].Name])
	}
}

// MinCompare is the fewest repositories a figure of the alignment may rest
// on; smaller groups are shown as too few to compare.
const MinCompare = 5

// Alignment sets alignment against delivery outcomes: the median of each
// measure per level, and per check between repositories that pass and
// fail it. It is correlation, not cause.
type Alignment struct {
	// Groups are the levels (gold, silver, bronze, none) with their medians.
	Groups []AlignmentGroup `json:"groups"`
	// Checks compare, per check, the repositories that pass with those
	// that fail.
	Checks []CheckAlignment `json:"checks"`
	Note   string           `json:"note"`
}

// AlignmentGroup is one row of the level × outcomes table.
type AlignmentGroup struct {
	Group string `json:"group"`
	OutcomeMedians
	// TooFew is set when fewer than MinCompare repositories have outcomes.
	TooFew bool `json:"too_few,omitempty"`
}

// CheckAlignment is, for one check, each measure's median among the
// repositories passing it minus that among those failing it.
type CheckAlignment struct {
	Check    string                      `json:"check"`
	Title    string                      `json:"title,omitempty"`
	Measures map[string]CheckMeasureDiff `json:"measures"`
}

// CheckMeasureDiff compares one measure between passing and failing
// repositories. Difference is set only when both sides have at least
// MinCompare repositories.
type CheckMeasureDiff struct {
	Pass       *float64 `json:"pass,omitempty"`
	PassRepos  int      `json:"pass_repos"`
	Fail       *float64 `json:"fail,omitempty"`
	FailRepos  int      `json:"fail_repos"`
	Difference *float64 `json:"difference,omitempty"`
	TooFew     bool     `json:"too_few,omitempty"`
}

// AlignmentNote is said wherever the alignment is shown.
const AlignmentNote = "Correlation, not cause: these figures compare repositories as they are; they do not show that a check or a level makes delivery better or worse."

// ComputeAlignment relates levels and checks to the delivery measures of
// the scanned repositories that have outcomes; nil when none has.
func ComputeAlignment(repos []Repo) *Alignment {
	var with []Repo
	for _, r := range repos {
		if r.Outcomes != nil && r.Error == "" {
			with = append(with, r)
		}
	}
	if len(with) == 0 {
		return nil
	}
	a := &Alignment{Note: AlignmentNote}
	byGroup := map[string][]Repo{}
	onPaths := false
	for _, r := range with {
		onPaths = onPaths || r.Path != ""
	}
	for _, r := range with {
		g := alignmentGroup(r, onPaths)
		byGroup[g] = append(byGroup[g], r)
	}
	for _, g := range alignmentGroups(byGroup, onPaths) {
		m := MedianOutcomes(byGroup[g])
		if m == nil {
			m = &OutcomeMedians{Measures: map[string]MedianFigure{}}
		}
		a.Groups = append(a.Groups, AlignmentGroup{Group: g, OutcomeMedians: *m, TooFew: m.Repos < MinCompare})
	}
	type side struct{ pass, fail []Repo }
	sides := map[string]*side{}
	titles := map[string]string{}
	for _, r := range with {
		for _, c := range r.Checks {
			s := sides[c.ID]
			if s == nil {
				s = &side{}
				sides[c.ID] = s
				titles[c.ID] = c.Title
			}
			switch {
			case c.Outcome == Pass:
				s.pass = append(s.pass, r)
			case c.Outcome.Failing():
				s.fail = append(s.fail, r)
			}
		}
	}
	for id, s := range sides {
		ca := CheckAlignment{Check: id, Title: titles[id], Measures: map[string]CheckMeasureDiff{}}
		pass, fail := MedianOutcomes(s.pass), MedianOutcomes(s.fail)
		for _, name := range MeasureNames {
			var d CheckMeasureDiff
			if pass != nil {
				d.Pass, d.PassRepos = pass.Measures[name].Median, pass.Measures[name].Repos
			}
			if fail != nil {
				d.Fail, d.FailRepos = fail.Measures[name].Median, fail.Measures[name].Repos
			}
			if d.PassRepos >= MinCompare && d.FailRepos >= MinCompare && d.Pass != nil && d.Fail != nil {
				diff := roundTo(*d.Pass-*d.Fail, 4)
				d.Difference = &diff
			} else {
				d.TooFew = true
			}
			ca.Measures[name] = d
		}
		a.Checks = append(a.Checks, ca)
	}
	slices.SortFunc(a.Checks, func(x, y CheckAlignment) int { return cmp.Compare(x.Check, y.Check) })
	return a
}

// alignmentGroup is the row of the alignment table a repository falls in:
// its level, or its golden path (or off-path) when the platform has paths.
func alignmentGroup(r Repo, onPaths bool) string {
	if onPaths {
		return cmp.Or(r.Path, OffPath)
	}
	if LevelRank(r.Level) < 0 {
		return None
	}
	return r.Level
}

// alignmentGroups are the table's rows in order: the levels from gold
// down, or the paths by name with off-path last.
func alignmentGroups(byGroup map[string][]Repo, onPaths bool) []string {
	if !onPaths {
		return []string{Gold, Silver, Bronze, None}
	}
	var groups []string
	for g := range byGroup {
		if g != OffPath {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	return append(groups, OffPath)
}
