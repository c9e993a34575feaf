package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/config"
)

// html_campaigns.tmpl defines the "campaigns" block, embedded with the
// page's other templates (html.go).

// htmlCampaign is one campaign as the HTML section shows it, with its
// burn-up chart laid out.
type htmlCampaign struct {
	campaign.Status
	ID    string
	When  string
	Pace  string
	Chart burnUpChart
}

// burnUpChart is the inline SVG of a burn-up: the done count per scan
// (Done), the repositories in scope per scan (Scope), the straight line
// from none at the start to all on the due day (Ideal), and today.
type burnUpChart struct {
	Width, Height         int
	Left, Right, Top, Bot int
	Done, Scope           string
	Dots                  []burnUpDot
	IdealX1, IdealY1      int
	TodayX                int
	ShowToday             bool
	YMax                  int
	Label                 string
}

type burnUpDot struct {
	X, Y  int
	Title string
}

// CampaignSection is the data of the "campaigns" block: empty when the
// report was made without campaigns.
func (p htmlPage) CampaignSection() []htmlCampaign {
	ids := newIDs()
	out := make([]htmlCampaign, 0, len(p.campaigns))
	for _, s := range p.campaigns {
		out = append(out, htmlCampaign{
			Status: s, ID: ids.make("campaign", s.ID),
			When: campaignWhen(s), Pace: campaignPace(s), Chart: burnUp(s),
		})
	}
	return out
}

func burnUp(s campaign.Status) burnUpChart {
	c := burnUpChart{Width: 520, Height: 180, Left: 40, Right: 500, Top: 12, Bot: 150}
	starts, err1 := time.Parse(config.DateLayout, s.Starts)
	due, err2 := time.Parse(config.DateLayout, s.Due)
	if err1 != nil || err2 != nil {
		return c
	}
	span := due.Sub(starts).Hours() / 24
	if span <= 0 {
		span = 1
	}
	x := func(t time.Time) int {
		d := t.Sub(starts).Hours() / 24
		d = min(max(d, 0), span)
		return c.Left + int(float64(c.Right-c.Left)*d/span+0.5)
	}
	c.YMax = max(s.Repos, 1)
	for _, p := range s.BurnUp {
		c.YMax = max(c.YMax, p.Repos)
	}
	y := func(n int) int { return c.Bot - int(float64(c.Bot-c.Top)*float64(n)/float64(c.YMax)+0.5) }
	var done, scope []string
	for _, p := range s.BurnUp {
		px := x(p.FinishedAt)
		done = append(done, fmt.Sprintf("%d,%d", px, y(p.Done)))
		scope = append(scope, fmt.Sprintf("%d,%d", px, y(p.Repos)))
		c.Dots = append(c.Dots, burnUpDot{X: px, Y: y(p.Done), Title: fmt.Sprintf("%s: %d of %d done", p.Date, p.Done, p.Repos)})
	}
	c.Done, c.Scope = strings.Join(done, " "), strings.Join(scope, " ")
	c.IdealX1, c.IdealY1 = x(due), y(s.Repos)
	today := due.AddDate(0, 0, -s.DaysLeft)
	c.ShowToday = !today.Before(starts) && !today.After(due)
	c.TodayX = x(today)
	c.Label = fmt.Sprintf("Burn-up of %s: done per scan between %s and %s", s.Title, s.Starts, s.Due)
	return c
}
