package reports

import (
	"fmt"
	"strings"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/scorecard"
)

// markdownCampaigns is the org report's campaign section.
func markdownCampaigns(ew *errWriter, statuses []campaign.Status) {
	if len(statuses) == 0 {
		return
	}
	ew.printf("## Campaigns\n\n")
	for _, s := range statuses {
		ew.printf("### %s (%s)\n\n", mdText(s.Title), mdCode(s.ID, false))
		ew.printf("Target **%s** · %s to %s · **%s** · %s in scope: **%d done**, %d to do, %d exempted · %s\n\n",
			mdText(s.Target), s.Starts, s.Due, campaignWhen(s), plural(s.Repos, "repository"), s.Done, s.ToDo, s.Exempted, campaignPace(s))
		if len(s.Teams) > 0 {
			ew.printf("| Team | Repos | Done | To do | Exempted |\n| --- | ---: | ---: | ---: | ---: |\n")
			for _, t := range s.Teams {
				ew.printf("| %s | %d | %d | %d | %d |\n", mdCell(mdText(t.Team)), t.Repos, t.Done, t.ToDo, t.Exempted)
			}
			ew.printf("\n")
		}
		if len(s.BurnUp) > 0 {
			points := make([]string, len(s.BurnUp))
			for i, p := range s.BurnUp {
				points[i] = fmt.Sprintf("%s %d/%d", p.Date, p.Done, p.Repos)
			}
			ew.printf("Burn-up (done per scan): %s\n\n", strings.Join(points, " → "))
		}
		for _, sec := range []struct {
			head, column string
			repos        []campaign.RepoNeeds
		}{{"Still to do", "Still needs", s.Remaining}, {"Exempted", "Exempted checks", s.ExemptRepos}} {
			if len(sec.repos) == 0 {
				continue
			}
			ew.printf("<details><summary>%s (%d)</summary>\n\n| Repository | Team | %s |\n| --- | --- | --- |\n", sec.head, len(sec.repos), sec.column)
			for _, r := range sec.repos {
				ew.printf("| %s | %s | %s |\n", mdCode(r.Repo, true), mdCell(mdText(r.Team)), mdNeeds(r.Needs))
			}
			ew.printf("\n</details>\n\n")
		}
		for _, w := range s.Warnings {
			ew.printf("> %s\n\n", mdText(w))
		}
	}
}

// markdownCampaignNote is one line per campaign the repository belongs to
// and is behind on, for the merge-request note.
func markdownCampaignNote(ew *errWriter, r scorecard.Repo, statuses []campaign.Status) {
	for _, c := range campaign.Behind(statuses, r.Name) {
		ew.printf("**Campaign:** %s still needs %s here · due %s, %s\n\n", mdText(c.Title), mdNeeds(c.Needs), c.Due, campaign.DaysText(c.DaysLeft))
	}
}

// mdNeeds lists check ids as code and other needs as text.
func mdNeeds(needs []string) string {
	out := make([]string, len(needs))
	for i, n := range needs {
		if strings.ContainsAny(n, " (") {
			out[i] = mdCell(mdText(n))
		} else {
			out[i] = mdCode(n, true)
		}
	}
	return strings.Join(out, ", ")
}
