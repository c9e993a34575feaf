package scorecard

import (
	"strings"
	"testing"
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
