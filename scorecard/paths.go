package scorecard

import (
	"cmp"
	"maps"
	"slices"
)

// OffPath is Repo.Path of a repository on none of the platform's golden
// paths: it is scored against the default catalogue and counted as off
// path, never failed for it.
const OffPath = "off-path"

// PathInfo describes one golden path of the platform config in the scan
// document.
type PathInfo struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Checks is how many checks the path scores against.
	Checks int `json:"checks"`
}

// PathCount is how many scanned repositories of a group are on one path,
// and at which level.
type PathCount struct {
	Path  string `json:"path"`
	Title string `json:"title,omitempty"`
	Repos int    `json:"repos"`
	// Levels counts the path's repositories per level (gold, silver,
	// bronze, none: always present).
	Levels map[string]int `json:"levels"`
	// Delta is the change of Repos since the previous scan; Old says
	// whether there was one to compare with.
	Delta int  `json:"delta,omitempty"`
	Old   bool `json:"-"`
}

// PathAdoption is the alignment a platform team reports on: for one team
// (or the organisation, Team ""), how many of its scanned repositories
// are on each golden path, at which level, and how many are off every
// path. Off-path is the last entry of Paths.
type PathAdoption struct {
	Team string `json:"team,omitempty"`
	// Scanned counts the repositories scanned without error; Errors the
	// others, which are on no path.
	Scanned int         `json:"scanned"`
	Errors  int         `json:"errors,omitempty"`
	Paths   []PathCount `json:"paths"`
}

// OnPath is how many scanned repositories are on some path.
func (a PathAdoption) OnPath() int {
	n := 0
	for _, p := range a.Paths {
		if p.Path != OffPath {
			n += p.Repos
		}
	}
	return n
}

// HasPaths reports whether a scan was scored with golden paths.
func HasPaths(s *Scan) bool {
	return len(s.Paths) > 0 || slices.ContainsFunc(s.Repos, func(r Repo) bool { return r.Path != "" })
}

// Adoption counts path adoption organisation-wide and per team (teams
// sorted by name). Paths come in the scan's order (those only rows name
// after them, sorted), off-path last. With previous, each count carries
// its change since that scan.
func Adoption(s, previous *Scan) (org PathAdoption, teams []PathAdoption) {
	order := pathOrder(s, previous)
	org = adoptionOf("", Units(s.Repos), order)
	var oldOrg PathAdoption
	var oldTeams map[string][]Repo
	if previous != nil {
		oldOrg = adoptionOf("", Units(previous.Repos), order)
		oldTeams = teamRepos(Units(previous.Repos))
		withDelta(&org, &oldOrg)
	}
	byTeam := teamRepos(Units(s.Repos))
	for _, name := range slices.Sorted(maps.Keys(byTeam)) {
		a := adoptionOf(name, byTeam[name], order)
		if previous != nil {
			old := adoptionOf(name, oldTeams[name], order)
			withDelta(&a, &old)
		}
		teams = append(teams, a)
	}
	return org, teams
}

func pathOrder(scans ...*Scan) []PathInfo {
	var out []PathInfo
	seen := map[string]bool{OffPath: true}
	for _, s := range scans {
		if s == nil {
			continue
		}
		for _, p := range s.Paths {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	var extra []PathInfo
	for _, s := range scans {
		if s == nil {
			continue
		}
		for _, r := range s.Repos {
			if r.Path != "" && !seen[r.Path] {
				seen[r.Path] = true
				extra = append(extra, PathInfo{ID: r.Path})
			}
		}
	}
	slices.SortFunc(extra, func(a, b PathInfo) int { return cmp.Compare(a.ID, b.ID) })
	return append(append(out, extra...), PathInfo{ID: OffPath})
}

func adoptionOf(team string, repos []Repo, order []PathInfo) PathAdoption {
	a := PathAdoption{Team: team, Paths: make([]PathCount, len(order))}
	index := map[string]int{}
	for i, p := range order {
		a.Paths[i] = PathCount{Path: p.ID, Title: p.Title, Levels: NewLevelCounts()}
		index[p.ID] = i
	}
	for _, r := range repos {
		if r.Error != "" {
			a.Errors++
			continue
		}
		a.Scanned++
		i, ok := index[r.Path]
		if !ok {
			i = index[OffPath] // scored without paths: on none
		}
		a.Paths[i].Repos++
		level := r.Level
		if LevelRank(level) < 0 {
			level = None
		}
		a.Paths[i].Levels[level]++
	}
	return a
}

func withDelta(a, old *PathAdoption) {
	for i := range a.Paths {
		a.Paths[i].Delta = a.Paths[i].Repos - old.Paths[i].Repos
		a.Paths[i].Old = true
	}
}
