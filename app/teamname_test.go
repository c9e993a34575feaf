package app

import (
	"strings"
	"testing"

	"github.com/scoredev/score/facts"
)

func TestResolveTeam(t *testing.T) {
	t.Parallel()
	codeowners := func(owners ...string) *facts.Facts {
		f := &facts.Facts{}
		f.Ownership.CodeOwners = []facts.CodeOwners{{Path: "CODEOWNERS", DefaultOwners: owners, DefaultLine: 3}}
		return f
	}
	backstage := func(owner string) *facts.Facts {
		f := &facts.Facts{}
		f.Ownership.Catalog = []facts.CatalogEntry{{Format: "backstage", Path: "catalog-info.yaml", Line: 5, Owner: owner}}
		return f
	}
	p := &Pipeline{Aliases: map[string]string{"acme/search": "search", "web-team": "web"}, Teams: []TeamRule{{Pattern: "acme/**", Team: "acme-default"}}}
	cases := []struct {
		name  string
		facts *facts.Facts
		info  facts.RepoInfo
		want  string
		warn  string
	}{
		{"codeowners group through an alias", codeowners("@acme/search"), facts.RepoInfo{}, "search", ""},
		{"backstage default namespace through an alias", backstage("group:default/web-team"), facts.RepoInfo{}, "web", ""},
		{"backstage short form through an alias", backstage("web-team"), facts.RepoInfo{}, "web", ""},
		{"backstage user", backstage("user:jdoe"), facts.RepoInfo{}, "user:jdoe", ""},
		{"codeowners person", codeowners("@jdoe"), facts.RepoInfo{}, "user:jdoe", ""},
		{"first group of several owners", codeowners("@jdoe", "@acme/payments", "@acme/sre"), facts.RepoInfo{}, "acme/payments",
			"the default rule names 3 owners: the team is acme/payments (the first group), also listed: user:jdoe, acme/sre"},
		{"group mapping", &facts.Facts{}, facts.RepoInfo{GroupPath: "acme/x"}, "acme-default", ""},
		{"nothing declared", &facts.Facts{}, facts.RepoInfo{Name: "other/x"}, "unowned", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, warns := p.resolveTeam(tc.facts, tc.info)
			if got != tc.want {
				t.Errorf("team %q, want %q", got, tc.want)
			}
			var msgs []string
			for _, w := range warns {
				msgs = append(msgs, w.Message)
				if w.Path != "CODEOWNERS" || w.Line != 3 {
					t.Errorf("warning at %s:%d, want CODEOWNERS:3", w.Path, w.Line)
				}
			}
			if strings.Join(msgs, "\n") != tc.warn {
				t.Errorf("warnings %q, want %q", msgs, tc.warn)
			}
		})
	}
}
