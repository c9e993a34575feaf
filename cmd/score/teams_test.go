package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCanonicalTeam runs `score check --format json` and reads the
// team it resolved: one canonical name whatever the spelling, aliases from
// the platform config, people shown as people.
func TestCheckCanonicalTeam(t *testing.T) {
	t.Parallel()
	const config = "teams:\n  groups:\n    - match: acme/**\n      team: platform\n  aliases:\n    acme/search: search\n    web-team: web\n"
	cases := []struct {
		name  string
		files map[string]string
		team  string
		warn  string
	}{
		{"codeowners group via alias", map[string]string{"CODEOWNERS": "* @acme/search\n"}, "search", ""},
		{"backstage default namespace via alias", map[string]string{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  owner: group:default/web-team\n"}, "web", ""},
		{"backstage short ref via alias", map[string]string{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  owner: web-team\n"}, "web", ""},
		{"backstage user", map[string]string{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: tool\nspec:\n  type: service\n  owner: user:jdoe\n"}, "user:jdoe", ""},
		{"two codeowners: first group, others recorded", map[string]string{"CODEOWNERS": "# owners\n* @jdoe @acme/search\n"}, "search",
			"CODEOWNERS:2: the default rule names 2 owners: the team is acme/search (the first group), also listed: user:jdoe"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"README.md": "x\n", "score.yaml": config}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeRepo(t, files)
			stdout, stderr, code := runCLI(t, nil, "check", dir, "--config", filepath.Join(dir, "score.yaml"), "--format", "json")
			if code != ExitOK && code != ExitError {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var scan struct {
				Repos []struct {
					Team     string `json:"team"`
					Warnings []struct {
						Path    string `json:"path"`
						Line    int    `json:"line"`
						Message string `json:"message"`
					} `json:"warnings"`
				} `json:"repos"`
			}
			if err := json.Unmarshal([]byte(stdout), &scan); err != nil || len(scan.Repos) != 1 {
				t.Fatalf("%v\n%s", err, stdout)
			}
			doc := scan.Repos[0]
			if doc.Team != tc.team {
				t.Errorf("team %q, want %q", doc.Team, tc.team)
			}
			var warns []string
			for _, w := range doc.Warnings {
				if w.Path == "CODEOWNERS" {
					warns = append(warns, fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Message))
				}
			}
			if strings.Join(warns, "\n") != tc.warn {
				t.Errorf("CODEOWNERS warnings %q, want %q", warns, tc.warn)
			}
		})
	}
}

func TestConfigTeamsErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ yaml, want string }{
		"old list form still checked": {"teams:\n  - match: acme/**\n", "score.yaml:2: teams entries need both match and team"},
		"unknown key under teams":     {"teams:\n  groups: []\n  alias: {a: b}\n", "score.yaml:3: teams: unknown key \"alias\" (want groups, aliases)"},
		"alias chain":                 {"teams:\n  aliases:\n    a: b\n    b: c\n", "score.yaml:3: teams.aliases: \"a\" maps to \"b\", which is itself an alias"},
		"empty alias target":          {"teams:\n  aliases:\n    a: \"\"\n", "score.yaml:3: teams.aliases: each entry is alias: team"},
		"all problems at once":        {"teams:\n  groups:\n    - team: x\n  bogus: 1\n", "score.yaml:3: teams entries need both match and team\nscore.yaml:4: teams: unknown key \"bogus\""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeRepo(t, map[string]string{"score.yaml": tc.yaml, "README.md": "x\n"})
			_, stderr, code := runCLI(t, nil, "check", dir, "--config", filepath.Join(dir, "score.yaml"))
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d: %s", code, ExitUsage, stderr)
			}
			if !strings.Contains(strings.ReplaceAll(stderr, filepath.Join(dir, "score.yaml"), "score.yaml"), tc.want) {
				t.Errorf("error does not say %q:\n%s", tc.want, stderr)
			}
		})
	}
}
