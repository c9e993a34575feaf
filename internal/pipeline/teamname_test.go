package pipeline

import (
	"strings"
	"testing"

	"github.com/scoredev/score/scanners"
)

func TestOwnerNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind, in string
		want     Owner
	}{
		{"backstage", "group:web", Owner{Name: "web"}},
		{"backstage", "group:default/web-team", Owner{Name: "web-team"}},
		{"backstage", "Group:Default/web-team", Owner{Name: "web-team"}},
		{"backstage", "group:acme/search", Owner{Name: "acme/search"}},
		{"backstage", "web", Owner{Name: "web"}},
		{"backstage", "default/web", Owner{Name: "web"}},
		{"backstage", "user:jdoe", Owner{Name: "user:jdoe", User: true}},
		{"backstage", "user:default/jdoe", Owner{Name: "user:jdoe", User: true}},
		{"codeowners", "@acme/search", Owner{Name: "acme/search"}},
		{"codeowners", "@acme/platform/search", Owner{Name: "acme/platform/search"}},
		{"codeowners", "@jdoe", Owner{Name: "user:jdoe", User: true}},
		{"codeowners", "jdoe@example.com", Owner{Name: "user:jdoe@example.com", User: true}},
		{"plain", "payments", Owner{Name: "payments"}},
		{"plain", "@acme/search", Owner{Name: "acme/search"}},
		{"plain", "user:jdoe", Owner{Name: "user:jdoe", User: true}},
		{"plain", "group:default/web-team", Owner{Name: "web-team"}},
	}
	for _, tc := range cases {
		t.Run(tc.kind+" "+tc.in, func(t *testing.T) {
			var got Owner
			switch tc.kind {
			case "backstage":
				got = BackstageOwner(tc.in)
			case "codeowners":
				got = CodeOwner(tc.in)
			default:
				got = PlainOwner(tc.in)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestResolveTeam(t *testing.T) {
	t.Parallel()
	codeowners := func(owners ...string) *scanners.Facts {
		f := &scanners.Facts{}
		f.Ownership.CodeOwners = []scanners.CodeOwners{{Path: "CODEOWNERS", DefaultOwners: owners, DefaultLine: 3}}
		return f
	}
	backstage := func(owner string) *scanners.Facts {
		f := &scanners.Facts{}
		f.Ownership.Catalog = []scanners.CatalogEntry{{Format: "backstage", Path: "catalog-info.yaml", Line: 5, Owner: owner}}
		return f
	}
	p := &Pipeline{Aliases: map[string]string{"acme/search": "search", "web-team": "web"}, Teams: []TeamRule{{Pattern: "acme/**", Team: "acme-default"}}}
	cases := []struct {
		name  string
		facts *scanners.Facts
		info  scanners.RepoInfo
		want  string
		warn  string
	}{
		{"codeowners group through an alias", codeowners("@acme/search"), scanners.RepoInfo{}, "search", ""},
		{"backstage default namespace through an alias", backstage("group:default/web-team"), scanners.RepoInfo{}, "web", ""},
		{"backstage short form through an alias", backstage("web-team"), scanners.RepoInfo{}, "web", ""},
		{"backstage user", backstage("user:jdoe"), scanners.RepoInfo{}, "user:jdoe", ""},
		{"codeowners person", codeowners("@jdoe"), scanners.RepoInfo{}, "user:jdoe", ""},
		{"first group of several owners", codeowners("@jdoe", "@acme/payments", "@acme/sre"), scanners.RepoInfo{}, "acme/payments",
			"the default rule names 3 owners: the team is acme/payments (the first group), also listed: user:jdoe, acme/sre"},
		{"group mapping", &scanners.Facts{}, scanners.RepoInfo{GroupPath: "acme/x"}, "acme-default", ""},
		{"nothing declared", &scanners.Facts{}, scanners.RepoInfo{Name: "other/x"}, "unowned", ""},
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

func FuzzOwnerNames(f *testing.F) {
	for _, s := range []string{"group:default/web", "user:jdoe", "@a/b", "@x", ":", "/", "a:b:c/d/e", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []Owner{BackstageOwner(s), CodeOwner(s), PlainOwner(s)} {
			if o.User != strings.HasPrefix(o.Name, UserPrefix) {
				t.Errorf("%q: %+v: a person's name must start with %q and only a person's", s, o, UserPrefix)
			}
		}
	})
}
