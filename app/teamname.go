package app

import (
	"fmt"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
)

// alias maps a canonical name through the platform config's aliases
// (matched case-insensitively).
func (p *Pipeline) alias(name string) string {
	if to, ok := p.Aliases[strings.ToLower(name)]; ok {
		return to
	}
	return name
}

// resolveTeam is Team with the warnings the resolution raised: a
// CODEOWNERS default rule with more than one owner names which one was
// taken.
func (p *Pipeline) resolveTeam(facts *facts.Facts, info facts.RepoInfo) (string, []scorecard.Warning) {
	if sy := facts.Ownership.ScoreYAML; sy != nil && strings.TrimSpace(sy.Team) != "" {
		return p.alias(scorecard.PlainOwner(sy.Team).Name), nil
	}
	for _, c := range facts.Ownership.Catalog {
		if strings.TrimSpace(c.Owner) == "" {
			continue
		}
		o := scorecard.PlainOwner(c.Owner)
		if c.Format == "backstage" {
			o = scorecard.BackstageOwner(c.Owner)
		}
		return p.alias(o.Name), nil
	}
	for _, co := range facts.Ownership.CodeOwners {
		if len(co.DefaultOwners) == 0 {
			continue
		}
		owners, chosen := chooseCodeOwner(co.DefaultOwners)
		var warns []scorecard.Warning
		if len(owners) > 1 {
			var others []string
			for i, o := range owners {
				if i != chosen {
					others = append(others, o.Name)
				}
			}
			warns = append(warns, scorecard.Warning{Path: co.Path, Line: co.DefaultLine, Message: fmt.Sprintf(
				"the default rule names %d owners: the team is %s (the first group), also listed: %s",
				len(owners), owners[chosen].Name, strings.Join(others, ", "))})
		}
		return p.alias(owners[chosen].Name), warns
	}
	if info.Team != "" {
		return p.alias(scorecard.PlainOwner(info.Team).Name), nil
	}
	key := info.GroupPath
	if key == "" {
		key = info.Name
	}
	for _, r := range p.Teams {
		if globMatch(r.Pattern, key) {
			return p.alias(r.Team), nil
		}
	}
	return scorecard.Unowned, nil
}

// chooseCodeOwner resolves a CODEOWNERS rule's owners and picks the team:
// the first group, else the first owner.
func chooseCodeOwner(raw []string) ([]scorecard.Owner, int) {
	owners := make([]scorecard.Owner, len(raw))
	chosen := -1
	for i, r := range raw {
		owners[i] = scorecard.CodeOwner(r)
		if chosen < 0 && !owners[i].User {
			chosen = i
		}
	}
	return owners, max(chosen, 0)
}
