package scorecard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Component is the scorecard of one component of a monorepo: a service
// folder with its own owner (docs/architecture.md, "Components"). Its
// checks have the shape of a repository's.
type Component struct {
	Name string `json:"name"`
	// Path is the component's folder, relative to the repository root.
	Path       string                   `json:"path"`
	Team       string                   `json:"team"`
	Score      float64                  `json:"score"`
	Level      string                   `json:"level"`
	Categories map[string]CategoryScore `json:"categories"`
	Checks     []CheckResult            `json:"checks"`
	// GoldenPath is the golden path the component was scored on (the
	// repository row's Path, for one service of a monorepo; "path" here is
	// the folder), and PathReason why; empty without paths.
	GoldenPath string `json:"golden_path,omitempty"`
	PathReason string `json:"path_reason,omitempty"`
}

// ComponentOf turns a component's scored row (Score's result over its
// facts) into a Component named name at dir, owned by team.
func ComponentOf(name, dir, team string, r Repo) Component {
	return Component{Name: name, Path: dir, Team: team, Score: r.Score, Level: r.Level, Categories: r.Categories, Checks: r.Checks,
		GoldenPath: r.Path, PathReason: r.PathReason}
}

// WithComponents makes repo the row of a monorepo of comps: the score is
// the mean of the components' scores, the level the lowest of their
// levels, each category the mean over the components it applies to, and
// each check the merge of the components' (MergeChecks).
func WithComponents(repo Repo, comps []Component) Repo {
	if len(comps) == 0 {
		return repo
	}
	slices.SortFunc(comps, func(a, b Component) int { return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Name, b.Name)) })
	repo.Components = comps
	var sum float64
	level := Gold
	cats := map[string][]float64{}
	for _, c := range comps {
		sum += c.Score
		if LevelRank(c.Level) < LevelRank(level) {
			level = c.Level
		}
		for name, s := range c.Categories {
			cats[name] = append(cats[name], s.Score)
		}
	}
	repo.Score = round1(sum / float64(len(comps)))
	repo.Level = level
	repo.Categories = map[string]CategoryScore{}
	for name, ss := range cats {
		var t float64
		for _, s := range ss {
			t += s
		}
		repo.Categories[name] = CategoryScore{Score: round1(t / float64(len(ss)))}
	}
	repo.Checks = MergeChecks(comps)
	return repo
}

// MergeChecks is one check per id over the components: it fails (or
// errs) when it fails in any component, else is exempt when a component
// needs an exemption for it, else passes when it passes in any, else
// skips. Findings and
// evidence are the components', each naming its component.
func MergeChecks(comps []Component) []CheckResult {
	var ids []string
	byID := map[string]*CheckResult{}
	failing := map[string][]string{}
	for _, comp := range comps {
		for _, c := range comp.Checks {
			m, ok := byID[c.ID]
			if !ok {
				cp := c
				cp.Findings, cp.Evidence, cp.Exemption, cp.Error = []Finding{}, nil, nil, ""
				cp.Outcome = Skip
				m = &cp
				byID[c.ID] = m
				ids = append(ids, c.ID)
			}
			if mergeRank(c.Outcome) > mergeRank(m.Outcome) {
				m.Outcome = c.Outcome
			}
			if c.Outcome.Failing() {
				failing[c.ID] = append(failing[c.ID], comp.Name)
			}
			if m.Error == "" && c.Error != "" {
				m.Error = comp.Name + ": " + c.Error
			}
			if m.Exemption == nil && c.Exemption != nil {
				m.Exemption = c.Exemption
			}
			for _, f := range c.Findings {
				f.Component = comp.Name
				m.Findings = append(m.Findings, f)
			}
			for _, f := range c.Evidence {
				f.Component = comp.Name
				m.Evidence = append(m.Evidence, f)
			}
		}
	}
	slices.Sort(ids)
	out := make([]CheckResult, 0, len(ids))
	for _, id := range ids {
		c := byID[id]
		slices.SortStableFunc(c.Findings, compareFindings)
		if !c.Outcome.Failing() {
			c.Findings = []Finding{}
		}
		c.Reason = reasonOf(*c)
		if names := failing[id]; len(names) > 0 {
			c.Reason += fmt.Sprintf(" in %d of %d components (%s)", len(names), len(comps), strings.Join(names, ", "))
		}
		out = append(out, *c)
	}
	return out
}

// mergeRank orders outcomes for MergeChecks: the worse wins.
func mergeRank(o Outcome) int {
	switch o {
	case Error:
		return 4
	case Fail:
		return 3
	case Exempt:
		return 2
	case Pass:
		return 1
	}
	return 0
}

// Units are the rows a rollup counts: a repository, or each component of
// a monorepo under its own team (a component's row carries its
// repository's name, URL and commit).
func Units(repos []Repo) []Repo {
	n := 0
	for _, r := range repos {
		n += max(1, len(r.Components))
	}
	if n == len(repos) {
		return repos
	}
	out := make([]Repo, 0, n)
	for _, r := range repos {
		if len(r.Components) == 0 || r.Error != "" {
			out = append(out, r)
			continue
		}
		for _, c := range r.Components {
			out = append(out, Repo{Name: r.Name + "/" + c.Name, URL: r.URL, Commit: r.Commit, Team: c.Team,
				Score: c.Score, Level: c.Level, Categories: c.Categories, Checks: c.Checks, Path: c.GoldenPath, PathReason: c.PathReason})
		}
	}
	return out
}

// FindingLabel is how reports write where a finding is: "component:
// path:line" for a component's finding, else "path:line" (empty when it
// has no path).
func FindingLabel(f Finding) string {
	loc := sourceOf(f.Path, f.Line)
	if f.Component == "" {
		return loc
	}
	if loc == "" {
		return "[" + f.Component + "]"
	}
	return "[" + f.Component + "] " + loc
}

// ComponentChange is one component of a monorepo on both sides of a
// comparison. Touched says the change concerns it: it touches a file in
// its folder (Comparison.ScopeTo), or its score, level or a check's
// outcome changed. Base is the zero Snapshot for a component new in head.
type ComponentChange struct {
	Name    string   `json:"name"`
	Path    string   `json:"path"`
	Team    string   `json:"team"`
	Base    Snapshot `json:"base"`
	Head    Snapshot `json:"head"`
	New     bool     `json:"new,omitempty"`
	Fixed   []string `json:"fixed"`
	Broken  []string `json:"broken"`
	Touched bool     `json:"touched"`
}

// CompareComponents pairs head's components with base's by folder, the
// touched ones first (then by folder); nil when head has none.
func CompareComponents(base, head Repo) []ComponentChange {
	if len(head.Components) == 0 {
		return nil
	}
	was := map[string]Component{}
	for _, c := range base.Components {
		was[c.Path] = c
	}
	out := make([]ComponentChange, 0, len(head.Components))
	for _, h := range head.Components {
		cc := ComponentChange{Name: h.Name, Path: h.Path, Team: h.Team,
			Head: Snapshot{Commit: head.Commit, Score: h.Score, Level: h.Level}, Fixed: []string{}, Broken: []string{}}
		b, ok := was[h.Path]
		if !ok && len(base.Components) == 0 && base.Error == "" && len(base.Checks) > 0 {
			// the base was one repository: compare with it as a whole
			b, ok = Component{Score: base.Score, Level: base.Level, Checks: base.Checks}, true
		}
		if ok {
			cc.Base = Snapshot{Commit: base.Commit, Score: b.Score, Level: b.Level}
			fixed, broken := fixedBroken(Repo{Checks: b.Checks}, Repo{Checks: h.Checks})
			cc.Fixed, cc.Broken = append(cc.Fixed, fixed...), append(cc.Broken, broken...)
		} else {
			cc.New = true
		}
		cc.Touched = cc.New || cc.Base.Score != cc.Head.Score || cc.Base.Level != cc.Head.Level || len(cc.Fixed)+len(cc.Broken) > 0
		out = append(out, cc)
	}
	sortComponentChanges(out)
	return out
}

// touchComponents marks the components holding a changed file touched.
func (c *Comparison) touchComponents() {
	for i := range c.Components {
		cc := &c.Components[i]
		for _, f := range c.ChangedFiles {
			if f == cc.Path || strings.HasPrefix(f, cc.Path+"/") {
				cc.Touched = true
				break
			}
		}
	}
	sortComponentChanges(c.Components)
}

func sortComponentChanges(cs []ComponentChange) {
	slices.SortStableFunc(cs, func(a, b ComponentChange) int {
		if a.Touched != b.Touched {
			if a.Touched {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Path, b.Path)
	})
}

// ComponentRepo is the row of one component of repo, for a check narrowed
// to it (--component): the component's scorecard under the repository's
// name, URL and commit, with the repository's warnings.
func ComponentRepo(repo Repo, c Component) Repo {
	return Repo{Name: repo.Name, URL: repo.URL, Commit: repo.Commit, Team: c.Team, Score: c.Score, Level: c.Level,
		Categories: c.Categories, Checks: c.Checks, Warnings: repo.Warnings, ReuseKey: repo.ReuseKey}
}
