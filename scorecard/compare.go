package scorecard

import (
	"cmp"
	"slices"
)

// Snapshot is one side of a comparison.
type Snapshot struct {
	Commit string  `json:"commit"`
	Score  float64 `json:"score"`
	Level  string  `json:"level"`
}

// FindingRef is a finding with the check that reported it.
type FindingRef struct {
	Check   string  `json:"check"`
	Finding Finding `json:"finding"`
}

// Comparison is what a change does to one repository's scorecard: the merge
// base against the working tree or merge request head.
type Comparison struct {
	Repo string   `json:"repo"`
	Base Snapshot `json:"base"`
	Head Snapshot `json:"head"`
	// Fixed are checks failing (fail or error) in base and not in head;
	// Broken the reverse. Sorted.
	Fixed  []string `json:"fixed"`
	Broken []string `json:"broken"`
	// NewFindings are findings of failing checks in head that base does not
	// have; ResolvedFindings the reverse. Findings match by check, path and
	// message, so a finding that only moved lines is neither.
	NewFindings      []FindingRef `json:"new_findings"`
	ResolvedFindings []FindingRef `json:"resolved_findings"`
	// ChangedFiles and NewElsewhere are set by ScopeTo: the files the
	// change touched, and the new findings in files it did not touch.
	ChangedFiles []string     `json:"changed_files,omitempty"`
	NewElsewhere []FindingRef `json:"new_elsewhere,omitempty"`
	// Components are a monorepo's components, before and after (see
	// CompareComponents); absent for a repository of one component.
	Components []ComponentChange `json:"components,omitempty"`
}

// Compare compares two scorecards of the same repository. A check present
// on one side only is neither fixed nor broken.
func Compare(base, head Repo) Comparison {
	fixed, broken := fixedBroken(base, head)
	newF, resolved := findingDelta(base, head)
	return Comparison{
		Repo:             head.Name,
		Base:             Snapshot{Commit: base.Commit, Score: base.Score, Level: base.Level},
		Head:             Snapshot{Commit: head.Commit, Score: head.Score, Level: head.Level},
		Fixed:            fixed,
		Broken:           broken,
		NewFindings:      newF,
		ResolvedFindings: resolved,
		Components:       CompareComponents(base, head),
	}
}

// ScanDiff is what changed between two scan results.
type ScanDiff struct {
	// Added and Removed are repository names present in one scan only.
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// Changed lists repositories in both scans whose score, level, error or
	// checks changed, by name.
	Changed []RepoDiff `json:"changed"`
	// Teams lists every team of either scan, by name.
	Teams []TeamDiff `json:"teams"`
	// Org is the like-for-like trend of the whole scan: the mean score of
	// the repositories in both scans, and how many were added or removed.
	Org Trend `json:"org"`
}

// RepoDiff is the change of one repository between two scans.
type RepoDiff struct {
	Name     string   `json:"name"`
	OldScore float64  `json:"old_score"`
	NewScore float64  `json:"new_score"`
	Delta    float64  `json:"delta"`
	OldLevel string   `json:"old_level"`
	NewLevel string   `json:"new_level"`
	OldError string   `json:"old_error,omitempty"`
	NewError string   `json:"new_error,omitempty"`
	Fixed    []string `json:"fixed"`
	Broken   []string `json:"broken"`
}

// TeamDiff is the change of one team between two scans. Old or New is
// false when the team is absent from that scan. OldScore and NewScore are
// the team's whole rollups; Delta is the like-for-like change (Trend.Delta,
// over the team's repositories in both scans), which is what a trend shows.
type TeamDiff struct {
	Name     string  `json:"name"`
	Old      bool    `json:"old"`
	New      bool    `json:"new"`
	OldScore float64 `json:"old_score"`
	NewScore float64 `json:"new_score"`
	Delta    float64 `json:"delta"`
	Trend    Trend   `json:"trend"`
}

// DiffScans compares two scan results, matching repositories by name and
// teams by name. Either scan may be nil (treated as empty). Team rollups
// are recomputed from the repositories, so unfinalised scans compare too.
func DiffScans(old, new *Scan) ScanDiff {
	oldRepos, newRepos := reposByName(old), reposByName(new)
	d := ScanDiff{Added: []string{}, Removed: []string{}, Changed: []RepoDiff{}, Teams: []TeamDiff{}}
	for name := range newRepos {
		if _, ok := oldRepos[name]; !ok {
			d.Added = append(d.Added, name)
		}
	}
	for name, o := range oldRepos {
		n, ok := newRepos[name]
		if !ok {
			d.Removed = append(d.Removed, name)
			continue
		}
		fixed, broken := fixedBroken(o, n)
		rd := RepoDiff{
			Name:     name,
			OldScore: o.Score,
			NewScore: n.Score,
			Delta:    round1(n.Score - o.Score),
			OldLevel: o.Level,
			NewLevel: n.Level,
			OldError: o.Error,
			NewError: n.Error,
			Fixed:    fixed,
			Broken:   broken,
		}
		if o.Score != n.Score || o.Level != n.Level || o.Error != n.Error || len(fixed) > 0 || len(broken) > 0 {
			d.Changed = append(d.Changed, rd)
		}
	}
	slices.Sort(d.Added)
	slices.Sort(d.Removed)
	slices.SortFunc(d.Changed, func(a, b RepoDiff) int { return cmp.Compare(a.Name, b.Name) })

	teams := map[string]*TeamDiff{}
	get := func(name string) *TeamDiff {
		if teams[name] == nil {
			teams[name] = &TeamDiff{Name: name}
		}
		return teams[name]
	}
	for _, t := range Rollup(scanRepos(old)) {
		td := get(t.Name)
		td.Old, td.OldScore = true, t.Score
	}
	for _, t := range Rollup(scanRepos(new)) {
		td := get(t.Name)
		td.New, td.NewScore = true, t.Score
	}
	oldTeams, newTeams := teamRepos(scanRepos(old)), teamRepos(scanRepos(new))
	for name, td := range teams {
		td.Trend = trendOf(oldTeams[name], newTeams[name])
		if td.Old && td.New {
			td.Delta = td.Trend.Delta
		}
		d.Teams = append(d.Teams, *td)
	}
	d.Org = trendOf(scanRepos(old), scanRepos(new))
	slices.SortFunc(d.Teams, func(a, b TeamDiff) int { return cmp.Compare(a.Name, b.Name) })
	return d
}

func scanRepos(s *Scan) []Repo {
	if s == nil {
		return nil
	}
	return s.Repos
}

// reposByName indexes a scan's repositories, and a monorepo's components
// as "repo/component" (Units), so that a diff tracks both; a later
// duplicate name wins.
func reposByName(s *Scan) map[string]Repo {
	m := map[string]Repo{}
	for _, r := range scanRepos(s) {
		m[r.Name] = r
		if len(r.Components) > 0 {
			for _, u := range Units([]Repo{r}) {
				m[u.Name] = u
			}
		}
	}
	return m
}

// fixedBroken lists, sorted, the checks failing in base but not in head
// (fixed) and the reverse (broken). Checks on one side only are left out.
func fixedBroken(base, head Repo) (fixed, broken []string) {
	fixed, broken = []string{}, []string{}
	baseOutcome := make(map[string]Outcome, len(base.Checks))
	for _, c := range base.Checks {
		baseOutcome[c.ID] = c.Outcome
	}
	for _, c := range head.Checks {
		b, ok := baseOutcome[c.ID]
		if !ok {
			continue
		}
		switch {
		case b.Failing() && isHealthy(c.Outcome):
			fixed = append(fixed, c.ID)
		case isHealthy(b) && c.Outcome.Failing():
			broken = append(broken, c.ID)
		}
	}
	slices.Sort(fixed)
	slices.Sort(broken)
	return slices.Compact(fixed), slices.Compact(broken)
}

func isHealthy(o Outcome) bool { return o == Pass || o == Skip || o == Exempt }

type findingKey struct{ check, path, message string }

// findingDelta matches the findings of failing checks as a multiset keyed
// by check, path and message: of n identical findings in base and m in
// head, the last m-n of head are new (or the last n-m of base resolved).
func findingDelta(base, head Repo) (added, resolved []FindingRef) {
	baseF, headF := failingFindings(base), failingFindings(head)
	count := func(refs []FindingRef) map[findingKey]int {
		m := map[findingKey]int{}
		for _, r := range refs {
			m[keyOf(r)]++
		}
		return m
	}
	baseCount, headCount := count(baseF), count(headF)
	extra := func(refs []FindingRef, other map[findingKey]int) []FindingRef {
		out := []FindingRef{}
		seen := map[findingKey]int{}
		for _, r := range refs {
			k := keyOf(r)
			seen[k]++
			if seen[k] > other[k] {
				out = append(out, r)
			}
		}
		return out
	}
	return extra(headF, baseCount), extra(baseF, headCount)
}

func keyOf(r FindingRef) findingKey {
	return findingKey{r.Check, r.Finding.Path, r.Finding.Message}
}

// failingFindings are the findings of fail and error checks, in check,
// path, line, message order.
func failingFindings(r Repo) []FindingRef {
	var out []FindingRef
	for _, c := range r.Checks {
		if !c.Outcome.Failing() {
			continue
		}
		for _, f := range c.Findings {
			out = append(out, FindingRef{Check: c.ID, Finding: f})
		}
	}
	slices.SortStableFunc(out, func(a, b FindingRef) int {
		return cmp.Or(cmp.Compare(a.Check, b.Check), compareFindings(a.Finding, b.Finding))
	})
	return out
}
