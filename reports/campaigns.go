package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/scoredev/score/campaign"
)

// WriteCampaigns prints campaigns for the terminal (`score campaign
// status`): progress, per team, what each remaining repository still
// fails, and the burn-up.
func WriteCampaigns(w io.Writer, statuses []campaign.Status) error {
	ew := &errWriter{w: w}
	for i, s := range statuses {
		if i > 0 {
			ew.printf("\n")
		}
		ew.printf("%s  %s\n", oneLine(s.ID), oneLine(s.Title))
		ew.printf("  target %s · %s to %s · %s\n", s.Target, s.Starts, s.Due, campaignWhen(s))
		ew.printf("  %s in scope: %d done, %d to do, %d exempted · %s\n", plural(s.Repos, "repository"), s.Done, s.ToDo, s.Exempted, campaignPace(s))
		if len(s.Teams) > 0 {
			tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "  TEAM\tREPOS\tDONE\tTO DO\tEXEMPTED\n")
			for _, t := range s.Teams {
				fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\n", oneLine(t.Team), t.Repos, t.Done, t.ToDo, t.Exempted)
			}
			_ = tw.Flush() // a write error is kept by ew
		}
		for _, sec := range []struct {
			head  string
			repos []campaign.RepoNeeds
		}{{"still to do", s.Remaining}, {"exempted", s.ExemptRepos}} {
			if len(sec.repos) == 0 {
				continue
			}
			ew.printf("  %s:\n", sec.head)
			for _, r := range sec.repos {
				ew.printf("    %s (%s): %s\n", oneLine(r.Repo), oneLine(r.Team), oneLine(strings.Join(r.Needs, ", ")))
			}
		}
		if len(s.BurnUp) > 0 {
			points := make([]string, len(s.BurnUp))
			for j, p := range s.BurnUp {
				points[j] = fmt.Sprintf("%s %d/%d", p.Date, p.Done, p.Repos)
			}
			ew.printf("  burn-up (done per scan): %s\n", strings.Join(points, " · "))
		}
		for _, warn := range s.Warnings {
			ew.printf("  warning: %s\n", oneLine(warn))
		}
	}
	return ew.err
}

// campaignWhen is "39 days left", "starts in 5 days" or "3 days overdue".
func campaignWhen(s campaign.Status) string {
	if !s.Started {
		return "not started yet, " + campaign.DaysText(s.DaysLeft)
	}
	return campaign.DaysText(s.DaysLeft)
}

// campaignPace compares progress with the straight line from start to due.
func campaignPace(s campaign.Status) string {
	switch {
	case !s.Started:
		return "not started"
	case s.Behind:
		return fmt.Sprintf("behind: %d expected done by today", s.Expected)
	}
	return fmt.Sprintf("on pace (%d expected by today)", s.Expected)
}
