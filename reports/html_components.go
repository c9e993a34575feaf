package reports

import (
	"github.com/scoredev/score/scorecard"
)

// html_components.tmpl defines the "team-components" block (embedded with
// the page's other templates, html.go): a team's monorepo components,
// under the team that owns them (docs/architecture.md, "Components").

type htmlComponent struct {
	scorecard.Component
	Repo       string
	Failing    int
	FailingIDs []string
}

// teamComponents lists the components of every repository that team owns,
// in repository then folder order.
func teamComponents(repos []scorecard.Repo, team string) []htmlComponent {
	var out []htmlComponent
	for _, r := range repos {
		for _, c := range r.Components {
			if c.Team != team {
				continue
			}
			hc := htmlComponent{Component: c, Repo: r.Name}
			for _, ch := range c.Checks {
				if ch.Outcome.Failing() {
					hc.Failing++
					hc.FailingIDs = append(hc.FailingIDs, ch.ID)
				}
			}
			out = append(out, hc)
		}
	}
	return out
}
