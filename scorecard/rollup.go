package scorecard

import (
	"cmp"
	"slices"
)

// Summary is the organisation at a glance: every repository of a scan.
type Summary struct {
	// Repos counts every row, scanned or not.
	Repos int `json:"repos"`
	// Scanned counts the rows without an error; Score, Min and Levels are
	// over these only.
	Scanned int `json:"scanned"`
	Errors  int `json:"errors"`
	// CheckErrors counts the checks whose evaluation failed, over every
	// scanned repository.
	CheckErrors int     `json:"check_errors,omitempty"`
	Score       float64 `json:"score"`
	Min         float64 `json:"min"`
	// Levels counts repositories per level; gold, silver, bronze and none
	// are always present.
	Levels map[string]int `json:"levels"`
	Teams  int            `json:"teams"`
}

// Rollup groups repositories by team (an empty team is Unowned) and sorts
// the teams by name. Repositories that could not be scanned count in Repos
// and Errors but not in the score, minimum or levels.
func Rollup(repos []Repo) []Team {
	repos = Units(repos)
	byTeam := map[string][]Repo{}
	for _, r := range repos {
		t := TeamOf(r)
		byTeam[t] = append(byTeam[t], r)
	}
	teams := make([]Team, 0, len(byTeam))
	for name, rs := range byTeam {
		s := summarise(rs)
		teams = append(teams, Team{
			Name:   name,
			Repos:  s.Repos,
			Score:  s.Score,
			Min:    s.Min,
			Levels: s.Levels,
			Errors: s.Errors,
		})
	}
	slices.SortFunc(teams, func(a, b Team) int { return cmp.Compare(a.Name, b.Name) })
	return teams
}

// OrgSummary summarises every repository of a scan: the mean is over
// repositories, not over team means, so a large team weighs more.
func OrgSummary(repos []Repo) Summary {
	s := summarise(repos)
	teams := map[string]bool{}
	for _, r := range Units(repos) {
		teams[TeamOf(r)] = true
	}
	s.Teams = len(teams)
	return s
}

// NewLevelCounts returns a level count with every level present at zero.
func NewLevelCounts() map[string]int {
	return map[string]int{Gold: 0, Silver: 0, Bronze: 0, None: 0}
}

func summarise(repos []Repo) Summary {
	s := Summary{Repos: len(repos), Levels: NewLevelCounts()}
	var sum float64
	for _, r := range repos {
		if r.Error != "" {
			s.Errors++
			continue
		}
		if s.Scanned == 0 || r.Score < s.Min {
			s.Min = r.Score
		}
		s.Scanned++
		s.CheckErrors += len(ErroredChecks(r))
		sum += r.Score
		level := r.Level
		if LevelRank(level) < 0 {
			level = None
		}
		s.Levels[level]++
	}
	if s.Scanned > 0 {
		s.Score = round1(sum / float64(s.Scanned))
	}
	return s
}
