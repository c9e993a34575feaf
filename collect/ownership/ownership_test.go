package ownership

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func TestScoreYAML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fs       fstest.MapFS
		want     *facts.ScoreYAML
		warnings string
	}{
		{
			name: "team and exemptions with lines, expiry as written",
			fs: fstest.MapFS{".score.yaml": collecttest.TextFile(`# owned by payments
team: payments
exemptions:
  - check: security.container-non-root
    reason: legacy image binds port 80; moving to 8080 in Q1
    expires: 2027-03-31
  - check: build.base-image-digest
    reason: "tracked in PAY-12"
    expires: "2027-1-5"
`)},
			want: &facts.ScoreYAML{Path: ".score.yaml", Team: "payments", TeamLine: 2, Exemptions: []facts.Exemption{
				{Check: "security.container-non-root", Reason: "legacy image binds port 80; moving to 8080 in Q1", Expires: "2027-03-31", Path: ".score.yaml", Line: 4},
				{Check: "build.base-image-digest", Reason: "tracked in PAY-12", Expires: "2027-1-5", Path: ".score.yaml", Line: 7},
			}},
		},
		{
			name: ".score.yml, flow style, missing reason kept for the scorecard to judge",
			fs:   fstest.MapFS{".score.yml": collecttest.TextFile("team: core\nexemptions: [{check: test.coverage, expires: 2026-01-01}]\n")},
			want: &facts.ScoreYAML{Path: ".score.yml", Team: "core", TeamLine: 1, Exemptions: []facts.Exemption{
				{Check: "test.coverage", Expires: "2026-01-01", Path: ".score.yml", Line: 2},
			}},
		},
		{
			name:     "both names: .score.yaml wins",
			fs:       fstest.MapFS{".score.yaml": collecttest.TextFile("team: a\n"), ".score.yml": collecttest.TextFile("team: b\n")},
			want:     &facts.ScoreYAML{Path: ".score.yaml", Team: "a", TeamLine: 1, Exemptions: []facts.Exemption{}},
			warnings: ".score.yml:0: ignored: .score.yaml is read instead\n",
		},
		{
			// An exemption with an unknown key is refused: a misspelt
			// `path:` must not exempt the whole check.
			name: "unknown keys are named with their line",
			fs:   fstest.MapFS{".score.yaml": collecttest.TextFile("team: a\nowner: b\nexemptions:\n  - check: x\n    reson: typo\n  - check: y\n    path: deploy/**\n")},
			want: &facts.ScoreYAML{Path: ".score.yaml", Team: "a", TeamLine: 1, Exemptions: []facts.Exemption{}},
			warnings: ".score.yaml:2: unknown key \"owner\" (known: team, path, exemptions, components)\n" +
				".score.yaml:5: exemption: unknown key \"reson\" (known: check, reason, expires, paths); the exemption does not apply\n" +
				".score.yaml:7: exemption: unknown key \"path\" (known: check, reason, expires, paths); the exemption does not apply\n",
		},
		{
			name: "paths: one glob or a list",
			fs:   fstest.MapFS{".score.yaml": collecttest.TextFile("exemptions:\n  - check: x\n    paths: legacy/**\n  - check: y\n    paths: [a/*, b/**]\n  - check: z\n    paths: {a: b}\n")},
			want: &facts.ScoreYAML{Path: ".score.yaml", Exemptions: []facts.Exemption{
				{Check: "x", Path: ".score.yaml", Line: 2, Paths: []string{"legacy/**"}},
				{Check: "y", Path: ".score.yaml", Line: 4, Paths: []string{"a/*", "b/**"}},
			}},
			warnings: ".score.yaml:7: exemption paths: expected a glob or a list of globs, found a mapping; the exemption does not apply\n",
		},
		{
			name:     "malformed YAML: warning with the line, no panic",
			fs:       fstest.MapFS{".score.yaml": collecttest.TextFile("team: a\nexemptions:\n  - check: x\n   reason: [unclosed\n")},
			want:     &facts.ScoreYAML{Path: ".score.yaml", Exemptions: []facts.Exemption{}},
			warnings: ".score.yaml:2: malformed YAML: did not find expected '-' indicator\n",
		},
		{
			name: "wrong shapes are reported",
			fs:   fstest.MapFS{".score.yaml": collecttest.TextFile("team: [a, b]\nexemptions:\n  - just a string\n  - check: {x: 1}\n")},
			want: &facts.ScoreYAML{Path: ".score.yaml", Exemptions: []facts.Exemption{{Path: ".score.yaml", Line: 4}}},
			warnings: ".score.yaml:1: team: expected a string, found a list\n" +
				".score.yaml:3: exemption: expected a mapping with check, reason and expires, found a scalar\n" +
				".score.yaml:4: exemption check: expected a string, found a mapping\n",
		},
		{
			name:     "a list at the top",
			fs:       fstest.MapFS{".score.yaml": collecttest.TextFile("- team: a\n")},
			want:     &facts.ScoreYAML{Path: ".score.yaml", Exemptions: []facts.Exemption{}},
			warnings: ".score.yaml:1: expected a mapping with team and exemptions, found a list\n",
		},
		{
			name: "empty file and null exemptions",
			fs:   fstest.MapFS{".score.yaml": collecttest.TextFile("exemptions:\n")},
			want: &facts.ScoreYAML{Path: ".score.yaml", Exemptions: []facts.Exemption{}},
		},
		{
			name:     "binary file",
			fs:       fstest.MapFS{".score.yaml": {Data: []byte("team: \x00\x01")}},
			want:     &facts.ScoreYAML{Path: ".score.yaml"},
			warnings: ".score.yaml:0: binary file; not parsed\n",
		},
		{
			name: "not at the root: ignored",
			fs:   fstest.MapFS{"sub/.score.yaml": collecttest.TextFile("team: a\n")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Ownership.ScoreYAML, tc.want) {
				t.Errorf("score_yaml =\n%+v\nwant\n%+v", f.Ownership.ScoreYAML, tc.want)
			}
			if got := collecttest.WarningLines(warns); got != tc.warnings {
				t.Errorf("warnings =\n%swant\n%s", got, tc.warnings)
			}
		})
	}
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fs       fstest.MapFS
		want     []facts.CatalogEntry
		warnings string
	}{
		{
			name: "backstage: multi-document, only service kinds",
			fs: fstest.MapFS{"catalog-info.yaml": collecttest.TextFile(`apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: all
spec:
  targets: [./api.yaml]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    score.dev/path: go-service
spec:
  type: service
  owner: group:payments
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-openapi
spec:
  type: openapi
`)},
			want: []facts.CatalogEntry{
				{Format: "backstage", Path: "catalog-info.yaml", Line: 16, Kind: "Component", Name: "payments-api", Owner: "group:payments",
					Type: "service", TypeLine: 15, Annotations: map[string]string{"score.dev/path": "go-service"}, AnnotationLines: map[string]int{"score.dev/path": 13}},
				{Format: "backstage", Path: "catalog-info.yaml", Line: 18, Kind: "API", Name: "payments-openapi", Type: "openapi", TypeLine: 23},
			},
		},
		{
			name: "backstage in a monorepo folder counts, in fixtures does not",
			fs: fstest.MapFS{
				"services/a/catalog-info.yml":     collecttest.TextFile("kind: component\nmetadata: {name: a}\nspec: {owner: team-a}\n"),
				"testdata/repo/catalog-info.yaml": collecttest.TextFile("kind: Component\nspec: {owner: bait}\n"),
				"examples/catalog-info.yaml":      collecttest.TextFile("kind: Component\nspec: {owner: bait}\n"),
			},
			want: []facts.CatalogEntry{{Format: "backstage", Path: "services/a/catalog-info.yml", Line: 3, Kind: "component", Name: "a", Owner: "team-a"}},
		},
		{
			name: "backstage Location targets are followed inside the repository",
			fs: fstest.MapFS{
				"catalog-info.yaml": collecttest.TextFile("apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: root}\nspec:\n  targets:\n    - ./catalog/*.yaml\n    - https://example.com/x.yaml\n"),
				"catalog/api.yaml":  collecttest.TextFile("kind: Component\nmetadata: {name: api}\nspec:\n  owner: team-api\n"),
				"catalog/more.yaml": collecttest.TextFile("kind: Location\nspec: {target: ../svc/entity.yml}\n"),
				"svc/entity.yml":    collecttest.TextFile("kind: System\nmetadata: {name: shop}\n"),
				"catalog/notes.txt": collecttest.TextFile("kind: Component\n"),
			},
			want: []facts.CatalogEntry{
				{Format: "backstage", Path: "catalog/api.yaml", Line: 4, Kind: "Component", Name: "api", Owner: "team-api"},
				{Format: "backstage", Path: "svc/entity.yml", Line: 1, Kind: "System", Name: "shop"},
			},
		},
		{
			name: "opslevel",
			fs:   fstest.MapFS{"opslevel.yml": collecttest.TextFile("version: 1\nservice:\n  name: Payments API\n  owner: payments\n")},
			want: []facts.CatalogEntry{{Format: "opslevel", Path: "opslevel.yml", Line: 4, Kind: "service", Name: "Payments API", Owner: "payments"}},
		},
		{
			name: "cortex",
			fs: fstest.MapFS{"cortex.yaml": collecttest.TextFile(`openapi: 3.0.1
info:
  title: Payments
  x-cortex-tag: payments
  x-cortex-type: service
  x-cortex-owners:
    - type: email
      email: lead@example.com
    - type: group
      name: payments-team
`)},
			want: []facts.CatalogEntry{{Format: "cortex", Path: "cortex.yaml", Line: 8, Kind: "service", Name: "payments", Owner: "lead@example.com"}},
		},
		{
			name: "port: a list of entities and a .port/ folder",
			fs: fstest.MapFS{
				"port.yml":            collecttest.TextFile("- identifier: payments\n  blueprint: service\n  team: [payments]\n"),
				".port/resources.yml": collecttest.TextFile("identifier: db\nblueprint: resource\nrelations:\n  owner: dba\n"),
			},
			want: []facts.CatalogEntry{
				{Format: "port", Path: ".port/resources.yml", Line: 4, Kind: "resource", Name: "db", Owner: "dba"},
				{Format: "port", Path: "port.yml", Line: 3, Kind: "service", Name: "payments", Owner: "payments"},
			},
		},
		{
			name: "datadog service definition v2 and v3",
			fs: fstest.MapFS{
				"service.datadog.yaml":    collecttest.TextFile("schema-version: v2.2\ndd-service: payments\nteam: payments\n"),
				"v3/service.datadog.yaml": collecttest.TextFile("apiVersion: v3\nkind: service\nmetadata:\n  name: ledger\n  owner: finance\n"),
			},
			want: []facts.CatalogEntry{
				{Format: "datadog", Path: "service.datadog.yaml", Line: 3, Kind: "service", Name: "payments", Owner: "payments"},
				{Format: "datadog", Path: "v3/service.datadog.yaml", Line: 5, Kind: "service", Name: "ledger", Owner: "finance"},
			},
		},
		{
			name:     "malformed catalog: warning with line",
			fs:       fstest.MapFS{"catalog-info.yaml": collecttest.TextFile("kind: Component\nspec:\n  owner: a\n owner: b\n")},
			want:     []facts.CatalogEntry{},
			warnings: "catalog-info.yaml:3: malformed YAML: did not find expected key\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Ownership.Catalog, tc.want) {
				t.Errorf("catalog =\n%+v\nwant\n%+v", f.Ownership.Catalog, tc.want)
			}
			if got := collecttest.WarningLines(warns); got != tc.warnings {
				t.Errorf("warnings =\n%swant\n%s", got, tc.warnings)
			}
		})
	}
}

func TestCodeowners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fs   fstest.MapFS
		want []facts.CodeOwners
	}{
		{
			name: "github: the last catch-all rule wins, comments stripped",
			fs: fstest.MapFS{".github/CODEOWNERS": collecttest.TextFile(`# owners
*       @org/platform   # default
/docs/  @org/docs
*.go    @org/go-team
*       @org/payments @alice
\#file  @bob
`)},
			want: []facts.CodeOwners{{Path: ".github/CODEOWNERS", DefaultOwners: []string{"@org/payments", "@alice"}, DefaultLine: 5, Rules: 5}},
		},
		{
			name: "gitlab sections: default owners of a section apply to rules without owners",
			fs: fstest.MapFS{".gitlab/CODEOWNERS": collecttest.TextFile(`[Backend][2] @backend-team
/**
app/ @alice

^[Docs] @docs
*.md
`)},
			want: []facts.CodeOwners{{Path: ".gitlab/CODEOWNERS", DefaultOwners: []string{"@backend-team"}, DefaultLine: 2, Rules: 3}},
		},
		{
			name: "no catch-all rule; /* counts as one",
			fs: fstest.MapFS{
				"CODEOWNERS":      collecttest.TextFile("/src/ @a\n"),
				"docs/CODEOWNERS": collecttest.TextFile("/* @b\n"),
				"src/CODEOWNERS":  collecttest.TextFile("* @not-a-location\n"),
			},
			want: []facts.CodeOwners{
				{Path: "CODEOWNERS", DefaultOwners: []string{}, Rules: 1},
				{Path: "docs/CODEOWNERS", DefaultOwners: []string{"@b"}, DefaultLine: 1, Rules: 1},
			},
		},
		{
			name: "forgejo: regular expressions, .* is the catch-all",
			fs:   fstest.MapFS{"docs/CODEOWNERS": collecttest.TextFile(".*\\.go$ @backend\n.* @infra/maintainers\n")},
			want: []facts.CodeOwners{{Path: "docs/CODEOWNERS", DefaultOwners: []string{"@infra/maintainers"}, DefaultLine: 2, Rules: 2}},
		},
		{
			name: "a later catch-all without owners unsets them",
			fs:   fstest.MapFS{"CODEOWNERS": collecttest.TextFile("* @a\n*\n")},
			want: []facts.CodeOwners{{Path: "CODEOWNERS", DefaultOwners: []string{}, DefaultLine: 2, Rules: 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _ := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Ownership.CodeOwners, tc.want) {
				t.Errorf("codeowners =\n%+v\nwant\n%+v", f.Ownership.CodeOwners, tc.want)
			}
		})
	}
}

func TestCodeownersUnclosedSection(t *testing.T) {
	t.Parallel()
	co, warns := parseCodeowners("CODEOWNERS", []byte("[Broken\n* @a\n"))
	if co.Rules != 1 || co.DefaultLine != 2 {
		t.Errorf("got %+v", co)
	}
	if got := collecttest.WarningLines(warns); got != "CODEOWNERS:1: section header without a closing ]\n" {
		t.Errorf("warnings = %q", got)
	}
}

func FuzzScoreYAML(f *testing.F) {
	for _, seed := range []string{
		"team: payments\nexemptions:\n  - check: a\n    reason: b\n    expires: 2027-03-31\n",
		"team: [a\n", "- x\n", "exemptions: {a: b}\n", "a: &x [*x]\n", "team: !!binary aGVsbG8=\n",
		"exemptions:\n- <<: *nope\n", "---\n---\nteam: x\n", "---", "\r0", "team: a\u2028b: c", "\xef\xbb\xbfteam: a\n", "exemptions:\n  - check:\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sy, warns := parseScoreYAML(".score.yaml", data)
		lines := max(collecttest.LineCount(data), 1)
		for _, w := range warns {
			if w.Line < 0 || w.Line > lines {
				t.Errorf("warning line %d outside the file (%d lines): %s", w.Line, lines, w.Message)
			}
		}
		if sy.TeamLine < 0 || sy.TeamLine > lines {
			t.Errorf("team line %d outside the file (%d lines)", sy.TeamLine, lines)
		}
		for _, ex := range sy.Exemptions {
			if ex.Line < 1 || ex.Line > lines {
				t.Errorf("exemption line %d outside the file (%d lines)", ex.Line, lines)
			}
		}
	})
}

func FuzzCodeowners(f *testing.F) {
	for _, seed := range []string{
		"* @a\n", "[Section][2] @x\n/** \n", "^[Opt]\n*.md @d # c\n", "\\#x @y\n", "[broken\n", "a\\ b @c\r\n* \t@d", "* \r 0",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		co, warns := parseCodeowners("CODEOWNERS", data)
		lines := collecttest.LineCount(data)
		if co.Rules < 0 || co.Rules > lines {
			t.Errorf("%d rules in %d lines", co.Rules, lines)
		}
		if co.DefaultLine < 0 || co.DefaultLine > lines {
			t.Errorf("default line %d outside the file (%d lines)", co.DefaultLine, lines)
		}
		for _, w := range warns {
			if w.Line < 1 || w.Line > lines {
				t.Errorf("warning line %d outside the file (%d lines)", w.Line, lines)
			}
		}
		for _, o := range co.DefaultOwners {
			if strings.TrimSpace(o) == "" || strings.ContainsAny(o, "\n") {
				t.Errorf("empty or multi-line owner %q", o)
			}
		}
	})
}
