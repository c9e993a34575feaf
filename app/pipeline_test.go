package app

import (
	"testing"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/scorecard"
)

func TestTeamResolutionOrder(t *testing.T) {
	t.Parallel()
	p := &Pipeline{Teams: []TeamRule{{Pattern: "acme/payments/**", Team: "payments"}, {Pattern: "acme/*", Team: "platform"}}}
	withScoreYAML := func(f *facts.Facts) { f.Ownership.ScoreYAML = &facts.ScoreYAML{Team: "from-score-yaml"} }
	withCatalog := func(f *facts.Facts) {
		f.Ownership.Catalog = []facts.CatalogEntry{{Format: "backstage", Owner: "group:from-catalog"}}
	}
	withCodeowners := func(f *facts.Facts) {
		f.Ownership.CodeOwners = []facts.CodeOwners{{DefaultOwners: []string{"@acme/from-codeowners", "@acme/other"}}}
	}
	tests := []struct {
		name  string
		info  facts.RepoInfo
		facts []func(*facts.Facts)
		want  string
	}{
		{"score.yaml wins", facts.RepoInfo{Team: "listed", GroupPath: "acme/payments"}, []func(*facts.Facts){withScoreYAML, withCatalog, withCodeowners}, "from-score-yaml"},
		{"catalog next", facts.RepoInfo{Team: "listed"}, []func(*facts.Facts){withCatalog, withCodeowners}, "from-catalog"},
		{"codeowners next", facts.RepoInfo{Team: "listed"}, []func(*facts.Facts){withCodeowners}, "acme/from-codeowners"},
		{"repo list next", facts.RepoInfo{Team: "listed", GroupPath: "acme/payments"}, nil, "listed"},
		{"group mapping subtree", facts.RepoInfo{GroupPath: "acme/payments/cards"}, nil, "payments"},
		{"group mapping exact", facts.RepoInfo{GroupPath: "acme/payments"}, nil, "payments"},
		{"group mapping one level", facts.RepoInfo{GroupPath: "acme/search"}, nil, "platform"},
		{"name when no group", facts.RepoInfo{Name: "acme/tools"}, nil, "platform"},
		{"unowned", facts.RepoInfo{GroupPath: "other/x"}, nil, scorecard.Unowned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := facts.NewFacts(tt.info)
			for _, apply := range tt.facts {
				apply(f)
			}
			if got := p.Team(f, tt.info); got != tt.want {
				t.Errorf("team %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOrgExemptionsMatchByRepoGlob(t *testing.T) {
	t.Parallel()
	p := &Pipeline{Exemptions: []OrgExemption{
		{Repo: "acme/legacy-*", ExemptionInput: scorecard.ExemptionInput{Check: "a"}},
		{Repo: "", ExemptionInput: scorecard.ExemptionInput{Check: "b"}},
		{Repo: "other/**", ExemptionInput: scorecard.ExemptionInput{Check: "c"}},
	}}
	f := facts.NewFacts(facts.RepoInfo{})
	f.Ownership.ScoreYAML = &facts.ScoreYAML{Exemptions: []facts.Exemption{{Check: "d", Path: ".score.yaml", Line: 3}}}
	got := p.exemptions(f, facts.RepoInfo{Name: "acme/legacy-billing"})
	var ids []string
	for _, e := range got {
		ids = append(ids, e.Check)
	}
	if len(ids) != 3 || ids[0] != "a" || ids[1] != "b" || ids[2] != "d" {
		t.Errorf("exemptions %v, want [a b d]", ids)
	}
}
