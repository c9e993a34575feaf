package campaign

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/scorecard"
)

func day(s string) time.Time {
	d, err := time.Parse(config.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

// repo builds a row from "id:outcome" pairs; the level of a check is the
// letter its id starts with (b1 bronze, s1 silver, g1 gold).
func repo(name, team string, checks ...string) scorecard.Repo {
	r := scorecard.Repo{Name: name, Team: team}
	levels := map[byte]string{'b': scorecard.Bronze, 's': scorecard.Silver, 'g': scorecard.Gold}
	for _, c := range checks {
		id, outcome, _ := strings.Cut(c, ":")
		r.Checks = append(r.Checks, scorecard.CheckResult{ID: id, Level: levels[id[0]], Outcome: scorecard.Outcome(outcome)})
	}
	return r
}

func scanAt(finished string, repos ...scorecard.Repo) *scorecard.Scan {
	f, err := time.Parse(time.RFC3339, finished)
	if err != nil {
		panic(err)
	}
	return &scorecard.Scan{Schema: scorecard.Schema, StartedAt: f.Add(-time.Minute), FinishedAt: f, Repos: repos}
}

var paymentsSilver = config.Campaign{
	ID: "payments-silver", Title: "Payments services at silver",
	Target: config.CampaignTarget{Level: scorecard.Silver},
	Scope:  config.CampaignScope{Teams: []string{"payments"}},
	Starts: day("2026-12-01"), Due: day("2027-03-31"),
}

// threeScans is the history of the burn-up test; the search repository
// is out of the campaign's scope throughout.
func threeScans() []*scorecard.Scan {
	return []*scorecard.Scan{
		scanAt("2026-12-05T02:00:00Z",
			repo("pay/api", "payments", "b1:pass", "s1:fail", "g1:fail"),
			repo("pay/web", "payments", "b1:pass", "s1:fail"),
			repo("pay/batch", "payments", "b1:fail", "s1:pass"),
			repo("search/x", "search", "b1:pass", "s1:pass")),
		scanAt("2027-01-10T02:00:00Z",
			repo("pay/api", "payments", "b1:pass", "s1:pass", "g1:fail"), // done: gold is not the target
			repo("pay/web", "payments", "b1:pass", "s1:fail"),
			repo("pay/batch", "payments", "b1:pass", "s1:exempt"), // exempted, not done
			repo("search/x", "search", "b1:pass", "s1:pass")),
		scanAt("2027-02-15T02:00:00Z",
			repo("pay/api", "payments", "b1:pass", "s1:pass", "g1:fail"),
			repo("pay/web", "payments", "b1:pass", "s1:skip"),
			repo("pay/batch", "payments", "b1:pass", "s1:exempt"),
			repo("pay/new", "payments", "b1:fail", "s1:error"),
			repo("search/x", "search", "b1:fail")),
	}
}

// TestBurnUpFromHistoryStore: three scans saved in a real SQLite history
// file give the hand-computed burn-up 0/3, 1/3, 2/4, and the latest one the
// hand-computed status.
func TestBurnUpFromHistoryStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// One scan before the campaign starts stays out of the burn-up.
	early := scanAt("2026-11-30T23:59:00Z", repo("pay/api", "payments", "b1:pass", "s1:pass"))
	for _, s := range append([]*scorecard.Scan{early}, threeScans()...) {
		if _, err := st.SaveScan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	past, err := st.ScansBetween(ctx, paymentsSilver.Starts, paymentsSilver.Due)
	if err != nil {
		t.Fatal(err)
	}
	if len(past) != 3 {
		t.Fatalf("ScansBetween = %d scans, want the 3 in the campaign's dates", len(past))
	}
	_, latest, err := st.LatestScan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := Evaluate([]config.Campaign{paymentsSilver}, latest, past, day("2027-02-20"))[0]

	wantBurnUp := []Point{
		{Date: "2026-12-05", FinishedAt: latest.FinishedAt.AddDate(0, 0, -72), Done: 0, Repos: 3},
		{Date: "2027-01-10", FinishedAt: latest.FinishedAt.AddDate(0, 0, -36), Done: 1, Repos: 3},
		{Date: "2027-02-15", FinishedAt: latest.FinishedAt, Done: 2, Repos: 4},
	}
	if !reflect.DeepEqual(got.BurnUp, wantBurnUp) {
		t.Errorf("burn-up = %+v\nwant      %+v", got.BurnUp, wantBurnUp)
	}
	want := Status{
		ID: "payments-silver", Title: "Payments services at silver", Target: "level silver",
		Starts: "2026-12-01", Due: "2027-03-31",
		DaysLeft: 39, // Feb 20 -> Mar 31: 8 + 31
		Started:  true,
		Repos:    4, Done: 2, ToDo: 1, Exempted: 1,
		Expected: 2, // 4 repos × 81 of 121 days = 2.68, rounded down
		Behind:   false,
		Teams:    []TeamProgress{{Team: "payments", Repos: 4, Done: 2, ToDo: 1, Exempted: 1}},
		Remaining: []RepoNeeds{
			{Repo: "pay/new", Team: "payments", Needs: []string{"b1", "s1"}},
		},
		ExemptRepos: []RepoNeeds{{Repo: "pay/batch", Team: "payments", Needs: []string{"s1"}}},
		BurnUp:      wantBurnUp,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("status =\n%+v\nwant\n%+v", got, want)
	}
}

func TestEvaluateTargets(t *testing.T) {
	t.Parallel()
	scan := scanAt("2027-01-10T02:00:00Z",
		repo("acme/pay/api", "payments", "b1:pass", "s1:fail", "s2:pass"),
		repo("acme/pay/web", "payments", "b1:pass", "s1:pass", "s2:exempt"),
		repo("acme/search/x", "search", "b1:fail", "s1:pass", "s2:pass"),
		scorecard.Repo{Name: "acme/pay/broken", Team: "payments", Error: "clone failed"},
	)
	scan.Repos[0].Path = "go-service"
	scan.Repos[1].Path = "off-path"
	tests := []struct {
		name                   string
		target                 config.CampaignTarget
		scope                  config.CampaignScope
		repos, done, todo, exm int
		remaining              string
		warnings               int
	}{
		{"checks, repo glob", config.CampaignTarget{Checks: []string{"s2"}}, config.CampaignScope{Repos: []string{"acme/pay/**"}}, 3, 1, 1, 1,
			"acme/pay/broken: a scan without error (clone failed)", 0},
		{"checks, unknown id", config.CampaignTarget{Checks: []string{"s1", "x9"}}, config.CampaignScope{Teams: []string{"search"}}, 1, 1, 0, 0, "", 1},
		{"path target, paths scope", config.CampaignTarget{Path: "go-service"}, config.CampaignScope{Paths: []string{"go-service", "off-path"}}, 2, 1, 1, 0,
			"acme/pay/web: path go-service (now off-path)", 0},
		{"level bronze, everyone", config.CampaignTarget{Level: scorecard.Bronze}, config.CampaignScope{}, 4, 2, 2, 0,
			"acme/pay/broken: a scan without error (clone failed); acme/search/x: b1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Campaign{ID: "c", Title: "C", Target: tt.target, Scope: tt.scope, Starts: day("2027-01-01"), Due: day("2027-01-31")}
			s := Evaluate([]config.Campaign{c}, scan, nil, day("2027-01-10"))[0]
			if s.Repos != tt.repos || s.Done != tt.done || s.ToDo != tt.todo || s.Exempted != tt.exm {
				t.Errorf("repos/done/todo/exempted = %d/%d/%d/%d, want %d/%d/%d/%d", s.Repos, s.Done, s.ToDo, s.Exempted, tt.repos, tt.done, tt.todo, tt.exm)
			}
			var rem []string
			for _, r := range s.Remaining {
				rem = append(rem, r.Repo+": "+strings.Join(r.Needs, ", "))
			}
			if got := strings.Join(rem, "; "); got != tt.remaining {
				t.Errorf("remaining = %q, want %q", got, tt.remaining)
			}
			if len(s.Warnings) != tt.warnings {
				t.Errorf("warnings = %q", s.Warnings)
			}
			if len(s.BurnUp) != 1 || s.BurnUp[0].Done != tt.done {
				t.Errorf("burn-up of the scan alone = %+v", s.BurnUp)
			}
		})
	}
}

func TestScheduleAndBehind(t *testing.T) {
	t.Parallel()
	scan := threeScans()[0] // 0 of 3 done
	for _, tt := range []struct {
		today          string
		daysLeft, exp  int
		started, behin bool
		reminders      int
	}{
		{"2026-11-15", 136, 0, false, false, 0},
		{"2026-12-01", 120, 0, true, false, 3},
		{"2027-02-01", 58, 1, true, true, 3}, // 3 × 62/121
		{"2027-03-31", 0, 3, true, true, 3},
		{"2027-04-02", -2, 3, true, true, 3},
	} {
		s := Evaluate([]config.Campaign{paymentsSilver}, scan, nil, day(tt.today))[0]
		if s.DaysLeft != tt.daysLeft || s.Expected != tt.exp || s.Started != tt.started || s.Behind != tt.behin {
			t.Errorf("%s: days left %d, expected %d, started %v, behind %v; want %d, %d, %v, %v", tt.today, s.DaysLeft, s.Expected, s.Started, s.Behind, tt.daysLeft, tt.exp, tt.started, tt.behin)
		}
		if got := Behind([]Status{s}, "pay/api"); len(got) != min(tt.reminders, 1) {
			t.Errorf("%s: Behind(pay/api) = %+v", tt.today, got)
		}
	}
	if got := Behind(Evaluate([]config.Campaign{paymentsSilver}, scan, nil, day("2027-01-01")), "search/x"); len(got) != 0 {
		t.Errorf("a repository out of scope is reminded: %+v", got)
	}
	for n, want := range map[int]string{2: "2 days left", 1: "1 day left", 0: "due today", -1: "1 day overdue", -3: "3 days overdue"} {
		if got := DaysText(n); got != want {
			t.Errorf("DaysText(%d) = %q, want %q", n, got, want)
		}
	}
}
