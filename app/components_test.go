package app

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/snapshot"
)

func TestComponentsSources(t *testing.T) {
	t.Parallel()
	svc := func(dir string) fstest.MapFS {
		return fstest.MapFS{dir + "/Dockerfile": {Data: []byte("FROM scratch\n")}, dir + "/go.mod": {Data: []byte("module x\n")}}
	}
	merge := func(fss ...fstest.MapFS) fstest.MapFS {
		out := fstest.MapFS{}
		for _, fs := range fss {
			for k, v := range fs {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		globs []string
		want  string
	}{
		{"detected service folders, a library and a fixture left out", merge(svc("src/a"), svc("src/b"), svc("testdata/c"),
			fstest.MapFS{"libs/x/go.mod": {Data: []byte("module y\n")}}), nil, "a=src/a b=src/b"},
		{"a service inside another is part of it", merge(svc("src/a"), svc("src/a/tools/t")), nil, "a=src/a"},
		{"config globs win over detection", merge(svc("src/a"), svc("src/b"), fstest.MapFS{"apps/web/index.js": {}}), []string{"apps/*"}, "web=apps/web"},
		{".score.yaml components", merge(svc("src/a"), fstest.MapFS{
			".score.yaml":   {Data: []byte("components:\n  - name: api\n    path: src/a\n    team: t1\n  - path: src/missing\n  - name: x\n")},
			"src/b/main.go": {}}), nil, "api=src/a@t1"},
		{"catalog Components and a root Location", merge(fstest.MapFS{
			"catalog-info.yaml":          {Data: []byte("kind: Location\nspec:\n  targets: [./x/catalog-info.yaml]\n")},
			"x/catalog-info.yaml":        {Data: []byte("kind: Component\nmetadata:\n  name: ex\nspec:\n  owner: group:default/g\n")},
			"y/z/catalog-info.yaml":      {Data: []byte("kind: Component\nmetadata:\n  name: why\n")},
			"examples/catalog-info.yaml": {Data: []byte("kind: Component\nmetadata:\n  name: sample\n")},
		}), nil, "ex=x@group:default/g why=y/z"},
		{"two folders of one name are called by their folders", merge(svc("apps/storefront"), svc("services/storefront"), svc("services/cart")),
			nil, "apps/storefront=apps/storefront cart=services/cart services/storefront=services/storefront"},
		{"two catalog entities of one name too", merge(fstest.MapFS{
			"a/catalog-info.yaml": {Data: []byte("kind: Component\nmetadata:\n  name: web\n")},
			"b/catalog-info.yaml": {Data: []byte("kind: Component\nmetadata:\n  name: web\n")},
		}), nil, "a=a b=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := snapshot.NewTree(tt.fsys)
			if err != nil {
				t.Fatal(err)
			}
			comps, _ := (&Pipeline{ComponentGlobs: tt.globs}).Components(tree)
			var got []string
			for _, c := range comps {
				s := c.Name + "=" + c.Path
				if c.Owner != "" {
					s += "@" + c.Owner
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("components %q, want %q", g, tt.want)
			}
		})
	}
}

func TestCodeOwnersMatchAndMentions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, dir string
		want         bool
	}{
		{"*", "src/a", true}, {"/src/a/", "src/a", true}, {"src/a/**", "src/a", true}, {"/src/", "src/a", true},
		{"/src/b/", "src/a", false}, {"a/", "src/a", true}, {"*.go", "src/a", false}, {"/src/a", "src/ab", false},
	} {
		if got := codeOwnersMatch(tc.pattern, tc.dir); got != tc.want {
			t.Errorf("codeOwnersMatch(%q, %q) = %v", tc.pattern, tc.dir, got)
		}
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"cd src/a", true}, {"cd ./src/a && make", true}, {"src/a/**/*", true}, {"$CI_PROJECT_DIR/src/a", true},
		{"cd src/ab", false}, {"cd xsrc/a", false}, {"docker build src/a", true},
	} {
		if got := mentionsFolder(tc.text, "src/a"); got != tc.want {
			t.Errorf("mentionsFolder(%q) = %v", tc.text, got)
		}
	}
}

func TestDropNeededExemptions(t *testing.T) {
	t.Parallel()
	comps := []scorecard.Component{{Checks: []scorecard.CheckResult{{ID: "a.b", Outcome: scorecard.Exempt}}}, {Checks: []scorecard.CheckResult{{ID: "a.b", Outcome: scorecard.Pass}, {ID: "c.d", Outcome: scorecard.Pass}}}}
	ws := dropNeededExemptions([]scorecard.Warning{
		{Message: "exemption for a.b is no longer needed: the check passes"},
		{Message: "exemption for c.d is no longer needed: the check passes"},
	}, comps)
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "c.d") {
		t.Errorf("warnings %v: want only c.d's (no component uses it)", ws)
	}
}
