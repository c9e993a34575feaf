package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/scorecard"
)

const fixturesDir = "../../testdata/repos"

// fixturesConfig fixes the date the fixtures are checked at.
const fixturesConfig = "testdata/fixtures-config.yaml"

// expectation is a fixture's expect.yaml: the outcome every check must have,
// written by hand from the check catalogue (docs/checks.md), so goldens are
// checked against intent and not merely snapshotted.
type expectation struct {
	Level    string                        `yaml:"level"`
	Outcomes map[string]string             `yaml:"outcomes"`
	Findings map[string][]expectedLocation `yaml:"findings"`
	// Components, for a monorepo, are its components by name: folder,
	// team and the outcome of every check (docs/architecture.md,
	// "Components"). A fixture without them must have no components.
	Components map[string]expectedComponent `yaml:"components"`
}

type expectedComponent struct {
	Path     string            `yaml:"path"`
	Team     string            `yaml:"team"`
	Level    string            `yaml:"level"`
	Outcomes map[string]string `yaml:"outcomes"`
}

type expectedLocation struct {
	Path string `yaml:"path"`
	Line int    `yaml:"line"`
}

// The fixtures live inside this repository, so their commit is this
// repository's HEAD: it changes with every commit and is blanked too, as is
// the policy digest, which any policy edit changes (the engine's tests pin
// its determinism).
var volatile = regexp.MustCompile(`"(started_at|finished_at)": "[^"]*"|"(version|commit|digest)": "[^"]*"`)

// normalizeScan blanks what legitimately changes between runs.
func normalizeScan(b []byte) []byte {
	return volatile.ReplaceAllFunc(b, func(m []byte) []byte {
		key := strings.SplitN(string(m), ":", 2)[0]
		return []byte(key + `: "X"`)
	})
}

func fixtureNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatal("no fixture repositories under " + fixturesDir)
	}
	return names
}

func TestCheckFixtures(t *testing.T) {
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(fixturesDir, name)
			stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json", "--no-compare", "--config", fixturesConfig)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var scan scorecard.Scan
			if err := json.Unmarshal([]byte(stdout), &scan); err != nil {
				t.Fatalf("output is not a scan result: %v\n%s", err, stdout)
			}
			if len(scan.Repos) != 1 {
				t.Fatalf("want one repo, got %d", len(scan.Repos))
			}
			checkExpectations(t, dir, scan.Repos[0])

			golden := filepath.Join("testdata", "golden", "check", name+".json")
			got := normalizeScan([]byte(stdout))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run `go test ./cmd/score -run TestCheckFixtures -update` to create it)", err)
			}
			if string(want) != string(got) {
				t.Errorf("output differs from %s; if the change is intended, rerun with -update and review the diff\n%s", golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

func checkExpectations(t *testing.T, dir string, repo scorecard.Repo) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "expect.yaml"))
	if err != nil {
		t.Fatalf("every fixture needs an expect.yaml: %v", err)
	}
	var exp expectation
	if err := yaml.Unmarshal(data, &exp); err != nil {
		t.Fatalf("expect.yaml: %v", err)
	}
	byID := map[string]scorecard.CheckResult{}
	for _, c := range repo.Checks {
		byID[c.ID] = c
	}
	for id, want := range exp.Outcomes {
		got, ok := byID[id]
		if !ok {
			t.Errorf("%s: check not in the result", id)
			continue
		}
		if string(got.Outcome) != want {
			t.Errorf("%s: outcome %s, want %s; findings: %+v %s", id, got.Outcome, want, got.Findings, got.Error)
		}
	}
	for id, locs := range exp.Findings {
		for _, loc := range locs {
			found := false
			for _, f := range byID[id].Findings {
				if f.Path == loc.Path && (loc.Line == 0 || f.Line == loc.Line) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no finding at %s:%d; findings: %+v", id, loc.Path, loc.Line, byID[id].Findings)
			}
		}
	}
	if exp.Level != "" && repo.Level != exp.Level {
		t.Errorf("level %s, want %s (score %.1f)", repo.Level, exp.Level, repo.Score)
	}
	checkComponents(t, exp.Components, repo)
}

// checkComponents holds a monorepo's components to expect.yaml: their
// number, folder, team, level and every check's outcome.
func checkComponents(t *testing.T, want map[string]expectedComponent, repo scorecard.Repo) {
	t.Helper()
	if len(repo.Components) != len(want) {
		var got []string
		for _, c := range repo.Components {
			got = append(got, c.Name+" ("+c.Path+")")
		}
		t.Errorf("%d components %v, want %d", len(repo.Components), got, len(want))
	}
	for _, c := range repo.Components {
		exp, ok := want[c.Name]
		if !ok {
			t.Errorf("component %s (%s) not expected", c.Name, c.Path)
			continue
		}
		if c.Path != exp.Path || c.Team != exp.Team || c.Level != exp.Level {
			t.Errorf("component %s: path %s, team %s, level %s; want %s, %s, %s", c.Name, c.Path, c.Team, c.Level, exp.Path, exp.Team, exp.Level)
		}
		got := map[string]string{}
		for _, ch := range c.Checks {
			got[ch.ID] = string(ch.Outcome)
		}
		for id, o := range exp.Outcomes {
			if got[id] != o {
				t.Errorf("component %s: %s: outcome %q, want %s", c.Name, id, got[id], o)
			}
		}
		if len(got) != len(exp.Outcomes) {
			t.Errorf("component %s: %d checks, expect.yaml lists %d", c.Name, len(got), len(exp.Outcomes))
		}
	}
}

// lineDiff shows the first lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("-" + a + "\n+" + c + "\n")
			if shown++; shown > 20 {
				break
			}
		}
	}
	return b.String()
}
