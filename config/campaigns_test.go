package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadCampaigns(t *testing.T) {
	t.Parallel()
	path := writeConfig(t, `campaigns:
  - id: payments-silver
    title: Payments services at silver
    target: {level: silver}
    scope: {teams: [payments], repos: ["acme/pay/**"]}
    starts: 2026-12-01
    due: 2027-03-31
  - id: sast
    target:
      checks: [security.sast, build.ci-pipeline]
    starts: 2026-12-01
    due: 2026-12-01
  - id: go-path
    target: {path: go-service}
    scope: {paths: [go-service, off-path]}
    starts: 2026-11-01
    due: 2027-01-31
`)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	list := cfg.Campaigns.List
	if len(list) != 3 {
		t.Fatalf("campaigns = %+v", list)
	}
	c := list[0]
	if c.ID != "payments-silver" || c.Title != "Payments services at silver" || c.Target.Level != "silver" ||
		strings.Join(c.Scope.Teams, ",") != "payments" || strings.Join(c.Scope.Repos, ",") != "acme/pay/**" ||
		!c.Starts.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) || !c.Due.Equal(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)) || c.Line != 2 {
		t.Errorf("first campaign = %+v", c)
	}
	if got := list[1]; got.Title != "sast" || strings.Join(got.Target.Checks, ",") != "security.sast,build.ci-pipeline" {
		t.Errorf("second campaign = %+v (title defaults to id)", got)
	}
	if got := list[2]; got.Target.Path != "go-service" || len(got.Scope.Paths) != 2 {
		t.Errorf("third campaign = %+v", got)
	}
	if _, ok := cfg.Campaign("sast"); !ok {
		t.Error("Campaign(sast) not found")
	}
}

// TestLoadCampaignErrors: every mistake is named with its file and line,
// all in one run.
func TestLoadCampaignErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", "campaigns:\n  - id: a\n    targte: {level: gold}\n    target: {level: gold}\n    starts: 2026-01-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:3: campaigns: unknown key "targte"`}},
		{"bad date", "campaigns:\n  - id: a\n    target: {level: gold}\n    starts: 2026-13-01\n    due: 31/03/2027\n",
			[]string{`score.yaml:4: campaigns: starts: "2026-13-01" is not a date YYYY-MM-DD`, `score.yaml:5: campaigns: due: "31/03/2027" is not a date`}},
		{"due before starts", "campaigns:\n  - id: a\n    target: {level: gold}\n    starts: 2026-03-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:2: campaign "a": due 2026-02-01 is before starts 2026-03-01`}},
		{"unknown target kind", "campaigns:\n  - id: a\n    target: {score: 80}\n    starts: 2026-01-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:3: campaigns: target: unknown kind "score" (known: checks, level, path)`}},
		{"two target kinds", "campaigns:\n  - id: a\n    target: {level: gold, path: p}\n    starts: 2026-01-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:3: campaigns: target: want exactly one of`}},
		{"bad level", "campaigns:\n  - id: a\n    target: {level: platinum}\n    starts: 2026-01-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:3: campaigns: target.level: "platinum" is not one of bronze, silver, gold`}},
		{"missing fields", "campaigns:\n  - title: x\n",
			[]string{"score.yaml:2: campaigns: entry without id", "score.yaml:2: campaign: no target", "score.yaml:2: campaign: no starts date", "score.yaml:2: campaign: no due date"}},
		{"unknown scope key", "campaigns:\n  - id: a\n    target: {level: gold}\n    scope: {team: [x]}\n    starts: 2026-01-01\n    due: 2026-02-01\n",
			[]string{`score.yaml:4: campaigns: scope: unknown key "team" (known: paths, repos, teams)`}},
		{"duplicate id", "campaigns:\n  - {id: a, target: {level: gold}, starts: 2026-01-01, due: 2026-02-01}\n  - {id: a, target: {level: gold}, starts: 2026-01-01, due: 2026-02-01}\n",
			[]string{`score.yaml:3: campaigns: id "a" is already used (line 2)`}},
		{"not a list", "campaigns: {id: a}\n", []string{"score.yaml:1: campaigns: want a list of campaigns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeConfig(t, tt.yaml)
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), filepath.Dir(path)+"/"+w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestToday(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		yaml string
		want string
	}{
		{"config:\n  today: \"2026-12-06\"\n", "2026-12-06"},
		{"config:\n  today: 2026-12-07\n", "2026-12-07"},
		{"config:\n  other: 1\n", ""},
		{"", ""},
	} {
		path := writeConfig(t, tt.yaml)
		cfg, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if d, ok := cfg.Today(); ok {
			got = d.Format(DateLayout)
		}
		if got != tt.want {
			t.Errorf("%q: Today = %q, want %q", tt.yaml, got, tt.want)
		}
	}
}

// writeConfig writes a score.yaml into a fresh folder and returns its path.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "score.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
