// Package campaign measures the platform config's campaigns (time-boxed
// drives towards a level, a set of checks or a golden path) against a scan
// and the scans stored before it: which repositories in scope are done, to
// do or exempted, per team; what each remaining one still fails; the days
// left; and a burn-up over the stored scans.
//
// It only does arithmetic over scan rows (like package scorecard): it never
// reads repositories, the history store or the clock, and never calls OPA.
// See docs/architecture.md, "Campaigns".
package campaign

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/scorecard"
)

// Status is a campaign measured against one scan.
type Status struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Target says what a repository must reach: "level silver",
	// "checks a, b" or "path go-service".
	Target string `json:"target"`
	Starts string `json:"starts"`
	Due    string `json:"due"`
	// DaysLeft counts the days from today to the due day (0 on the due
	// day, negative once it has passed).
	DaysLeft int `json:"days_left"`
	// Started is false before the starts day.
	Started bool `json:"started"`
	// Repos counts the repositories in scope; Done + ToDo + Exempted = Repos.
	Repos    int `json:"repos"`
	Done     int `json:"done"`
	ToDo     int `json:"to_do"`
	Exempted int `json:"exempted"`
	// Expected is how many repositories would be done (or exempted) by
	// today on a straight line from none at the start to all on the due
	// day, rounded down; Behind is whether fewer are.
	Expected int  `json:"expected"`
	Behind   bool `json:"behind"`
	// Teams is the progress per team, by team name.
	Teams []TeamProgress `json:"teams"`
	// Remaining are the repositories still to do, with what each still
	// needs; ExemptRepos those whose exemptions cover what they fail.
	Remaining   []RepoNeeds `json:"remaining"`
	ExemptRepos []RepoNeeds `json:"exempt_repos"`
	// BurnUp is the done count per scan between starts and due, oldest
	// first, the scan measured last included.
	BurnUp []Point `json:"burn_up"`
	// Warnings name what the campaign refers to that the scan lacks, such
	// as a target check no repository was evaluated for.
	Warnings []string `json:"warnings,omitempty"`
}

// TeamProgress is one team's part of a campaign.
type TeamProgress struct {
	Team     string `json:"team"`
	Repos    int    `json:"repos"`
	Done     int    `json:"done"`
	ToDo     int    `json:"to_do"`
	Exempted int    `json:"exempted"`
}

// RepoNeeds is a repository of a campaign that is not done: what it still
// needs (failing check ids, or the path it is not on), or for an exempted
// one, the checks its exemptions cover.
type RepoNeeds struct {
	Repo  string   `json:"repo"`
	Team  string   `json:"team"`
	Needs []string `json:"needs"`
}

// Point is one scan of the burn-up.
type Point struct {
	// Date is the scan's finishing day (UTC).
	Date       string    `json:"date"`
	FinishedAt time.Time `json:"finished_at"`
	// Done counts the repositories done (not exempted) in that scan, of
	// Repos in scope then.
	Done  int `json:"done"`
	Repos int `json:"repos"`
}

// Evaluate measures every campaign against scan. history are earlier scans
// (any order; those outside a campaign's dates are left out of its
// burn-up); today is the day of the clock the caller runs on.
func Evaluate(campaigns []config.Campaign, scan *scorecard.Scan, history []*scorecard.Scan, today time.Time) []Status {
	out := make([]Status, 0, len(campaigns))
	for _, c := range campaigns {
		out = append(out, evaluate(c, scan, history, today))
	}
	return out
}

// state of a repository in a campaign.
type state int

const (
	done state = iota
	toDo
	exempted
)

func evaluate(c config.Campaign, scan *scorecard.Scan, history []*scorecard.Scan, today time.Time) Status {
	today = civil(today)
	st := Status{
		ID: c.ID, Title: c.Title, Target: targetText(c.Target),
		Starts: c.Starts.Format(config.DateLayout), Due: c.Due.Format(config.DateLayout),
		DaysLeft:  days(today, c.Due),
		Started:   !today.Before(c.Starts),
		Remaining: []RepoNeeds{}, ExemptRepos: []RepoNeeds{}, Teams: []TeamProgress{}, BurnUp: []Point{},
	}
	teams := map[string]*TeamProgress{}
	for _, r := range scan.Repos {
		if !InScope(c, r) {
			continue
		}
		team := scorecard.TeamOf(r)
		tp := teams[team]
		if tp == nil {
			tp = &TeamProgress{Team: team}
			teams[team] = tp
		}
		st.Repos++
		tp.Repos++
		s, needs := judge(c.Target, r)
		switch s {
		case done:
			st.Done++
			tp.Done++
		case toDo:
			st.ToDo++
			tp.ToDo++
			st.Remaining = append(st.Remaining, RepoNeeds{Repo: r.Name, Team: team, Needs: needs})
		case exempted:
			st.Exempted++
			tp.Exempted++
			st.ExemptRepos = append(st.ExemptRepos, RepoNeeds{Repo: r.Name, Team: team, Needs: needs})
		}
	}
	for _, tp := range teams {
		st.Teams = append(st.Teams, *tp)
	}
	slices.SortFunc(st.Teams, func(a, b TeamProgress) int { return cmp.Compare(a.Team, b.Team) })
	byRepo := func(a, b RepoNeeds) int { return cmp.Or(cmp.Compare(a.Team, b.Team), cmp.Compare(a.Repo, b.Repo)) }
	slices.SortFunc(st.Remaining, byRepo)
	slices.SortFunc(st.ExemptRepos, byRepo)

	st.Expected = expected(c, today, st.Repos)
	st.Behind = st.Started && st.Done+st.Exempted < st.Expected
	st.BurnUp = burnUp(c, scan, history)
	st.Warnings = unknownChecks(c.Target, scan)
	return st
}

// InScope reports whether r is one of the campaign's repositories: every
// non-empty part of the scope matches.
func InScope(c config.Campaign, r scorecard.Repo) bool {
	s := c.Scope
	if len(s.Teams) > 0 && !slices.Contains(s.Teams, scorecard.TeamOf(r)) {
		return false
	}
	if len(s.Paths) > 0 && !slices.Contains(s.Paths, r.Path) {
		return false
	}
	if len(s.Repos) > 0 && !slices.ContainsFunc(s.Repos, func(g string) bool { return scorecard.PathMatch(g, r.Name) }) {
		return false
	}
	return true
}

// judge says whether r has reached the target and, when not, what it still
// needs (for an exempted repository, the checks its exemptions cover).
func judge(t config.CampaignTarget, r scorecard.Repo) (state, []string) {
	if r.Error != "" {
		return toDo, []string{"a scan without error (" + r.Error + ")"}
	}
	if t.Path != "" {
		if r.Path == t.Path {
			return done, nil
		}
		now := r.Path
		if now == "" {
			now = "no path"
		}
		return toDo, []string{fmt.Sprintf("path %s (now %s)", t.Path, now)}
	}
	var failing, exempt []string
	for _, chk := range r.Checks {
		if !counts(t, chk) {
			continue
		}
		switch {
		case chk.Outcome.Failing():
			failing = append(failing, chk.ID)
		case chk.Outcome == scorecard.Exempt:
			exempt = append(exempt, chk.ID)
		}
	}
	switch {
	case len(failing) > 0:
		slices.Sort(failing)
		return toDo, failing
	case len(exempt) > 0:
		slices.Sort(exempt)
		return exempted, exempt
	}
	return done, nil
}

// counts reports whether a check is part of a level or checks target.
func counts(t config.CampaignTarget, chk scorecard.CheckResult) bool {
	if t.Level != "" {
		rank := scorecard.LevelRank(chk.Level)
		return rank > 0 && rank <= scorecard.LevelRank(t.Level)
	}
	return slices.Contains(t.Checks, chk.ID)
}

// expected is the straight-line target for today: none done on the
// starts day, all on the due day.
func expected(c config.Campaign, today time.Time, repos int) int {
	span := days(c.Starts, c.Due)
	elapsed := days(c.Starts, today)
	switch {
	case elapsed <= 0:
		return 0
	case elapsed >= span:
		return repos
	}
	return repos * elapsed / span
}

// burnUp measures the campaign in each scan that finished between its
// starts and due days (inclusive), oldest first. scan is included unless
// history already holds a scan that finished at the same instant.
func burnUp(c config.Campaign, scan *scorecard.Scan, history []*scorecard.Scan) []Point {
	scans := slices.Clone(history)
	if !slices.ContainsFunc(history, func(h *scorecard.Scan) bool { return h.FinishedAt.Equal(scan.FinishedAt) }) {
		scans = append(scans, scan)
	}
	slices.SortStableFunc(scans, func(a, b *scorecard.Scan) int { return a.FinishedAt.Compare(b.FinishedAt) })
	points := []Point{}
	for _, s := range scans {
		day := civil(s.FinishedAt)
		if day.Before(c.Starts) || day.After(c.Due) {
			continue
		}
		p := Point{Date: day.Format(config.DateLayout), FinishedAt: s.FinishedAt.UTC()}
		for _, r := range s.Repos {
			if !InScope(c, r) {
				continue
			}
			p.Repos++
			if st, _ := judge(c.Target, r); st == done {
				p.Done++
			}
		}
		points = append(points, p)
	}
	return points
}

// unknownChecks names the target checks that no repository of the scan
// was evaluated for (a typo, or a check that is disabled).
func unknownChecks(t config.CampaignTarget, scan *scorecard.Scan) []string {
	var out []string
	for _, id := range t.Checks {
		if !slices.ContainsFunc(scan.Repos, func(r scorecard.Repo) bool {
			return slices.ContainsFunc(r.Checks, func(c scorecard.CheckResult) bool { return c.ID == id })
		}) {
			out = append(out, fmt.Sprintf("check %s is not in the scan: no repository can be done with it", id))
		}
	}
	return out
}

// Behind lists the campaigns that repo belongs to and still has work in:
// started, and the repository is still to do. The merge-request note
// mentions them.
func Behind(statuses []Status, repo string) []Reminder {
	var out []Reminder
	for _, s := range statuses {
		if !s.Started {
			continue
		}
		for _, r := range s.Remaining {
			if r.Repo == repo {
				out = append(out, Reminder{Title: s.Title, Due: s.Due, DaysLeft: s.DaysLeft, Needs: r.Needs})
			}
		}
	}
	return out
}

// Reminder is one campaign a repository is behind on.
type Reminder struct {
	Title    string
	Due      string
	DaysLeft int
	Needs    []string
}

// DaysText says the days left in words: "12 days left", "due today",
// "3 days overdue".
func DaysText(n int) string {
	switch {
	case n == 1:
		return "1 day left"
	case n > 1:
		return fmt.Sprintf("%d days left", n)
	case n == 0:
		return "due today"
	case n == -1:
		return "1 day overdue"
	}
	return fmt.Sprintf("%d days overdue", -n)
}

func targetText(t config.CampaignTarget) string {
	switch {
	case t.Level != "":
		return "level " + t.Level
	case t.Path != "":
		return "path " + t.Path
	}
	return "checks " + strings.Join(t.Checks, ", ")
}

func civil(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// days counts calendar days from a to b (both civil dates).
func days(a, b time.Time) int {
	return int(civil(b).Sub(civil(a)).Hours() / 24)
}
