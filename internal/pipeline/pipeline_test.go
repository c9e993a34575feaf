package pipeline

import (
	"testing"

	"github.com/scoredev/score/scanners"
	"github.com/scoredev/score/scorecards"
)

func TestTeamResolutionOrder(t *testing.T) {
	t.Parallel()
	p := &Pipeline{Teams: []TeamRule{{Pattern: "acme/payments/**", Team: "payments"}, {Pattern: "acme/*", Team: "platform"}}}
	withScoreYAML := func(f *scanners.Facts) { f.Ownership.ScoreYAML = &scanners.ScoreYAML{Team: "from-score-yaml"} }
	withCatalog := func(f *scanners.Facts) {
		f.Ownership.Catalog = []scanners.CatalogEntry{{Format: "backstage", Owner: "group:from-catalog"}}
	}
	withCodeowners := func(f *scanners.Facts) {
		f.Ownership.CodeOwners = []scanners.CodeOwners{{DefaultOwners: []string{"@acme/from-codeowners", "@acme/other"}}}
	}
	tests := []struct {
		name  string
		info  scanners.RepoInfo
		facts []func(*scanners.Facts)
		want  string
	}{
		{"score.yaml wins", scanners.RepoInfo{Team: "listed", GroupPath: "acme/payments"}, []func(*scanners.Facts){withScoreYAML, withCatalog, withCodeowners}, "from-score-yaml"},
		{"catalog next", scanners.RepoInfo{Team: "listed"}, []func(*scanners.Facts){withCatalog, withCodeowners}, "from-catalog"},
		{"codeowners next", scanners.RepoInfo{Team: "listed"}, []func(*scanners.Facts){withCodeowners}, "acme/from-codeowners"},
		{"repo list next", scanners.RepoInfo{Team: "listed", GroupPath: "acme/payments"}, nil, "listed"},
		{"group mapping subtree", scanners.RepoInfo{GroupPath: "acme/payments/cards"}, nil, "payments"},
		{"group mapping exact", scanners.RepoInfo{GroupPath: "acme/payments"}, nil, "payments"},
		{"group mapping one level", scanners.RepoInfo{GroupPath: "acme/search"}, nil, "platform"},
		{"name when no group", scanners.RepoInfo{Name: "acme/tools"}, nil, "platform"},
		{"unowned", scanners.RepoInfo{GroupPath: "other/x"}, nil, scorecards.Unowned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := scanners.NewFacts(tt.info)
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
		{Repo: "acme/legacy-*", ExemptionInput: scorecards.ExemptionInput{Check: "a"}},
		{Repo: "", ExemptionInput: scorecards.ExemptionInput{Check: "b"}},
		{Repo: "other/**", ExemptionInput: scorecards.ExemptionInput{Check: "c"}},
	}}
	f := scanners.NewFacts(scanners.RepoInfo{})
	f.Ownership.ScoreYAML = &scanners.ScoreYAML{Exemptions: []scanners.Exemption{{Check: "d", Path: ".score.yaml", Line: 3}}}
	got := p.exemptions(f, scanners.RepoInfo{Name: "acme/legacy-billing"})
	var ids []string
	for _, e := range got {
		ids = append(ids, e.Check)
	}
	if len(ids) != 3 || ids[0] != "a" || ids[1] != "b" || ids[2] != "d" {
		t.Errorf("exemptions %v, want [a b d]", ids)
	}
}
