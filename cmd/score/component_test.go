package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// monorepoFiles are two services, each with its own Dockerfile and
// manifest, owned per folder by CODEOWNERS.
var monorepoFiles = gittest.Files{
	"README.md":                   strings.Repeat("The shop: orders and billing services in one repository. ", 8) + "\n",
	"CODEOWNERS":                  "* @shop/platform\n/services/orders/ @shop/orders\n/services/billing/ @shop/billing\n",
	".gitlab-ci.yml":              "test:\n  image: golang:1.26.0\n  script:\n    - go test ./...\n",
	"services/orders/go.mod":      "module example.com/orders\n\ngo 1.26.0\n",
	"services/orders/main.go":     "package main\n\nfunc main() {}\n",
	"services/orders/Dockerfile":  "FROM golang:1.26.0\nCOPY . .\nENTRYPOINT [\"/orders\"]\n",
	"services/billing/go.mod":     "module example.com/billing\n\ngo 1.26.0\n",
	"services/billing/main.go":    "package main\n\nfunc main() {}\n",
	"services/billing/Dockerfile": "FROM golang:1.26.0\nCOPY . .\nENTRYPOINT [\"/billing\"]\n",
}

// TestCheckMonorepoShowsTouchedComponents: a change to one service shows
// that component first with its before -> after, the other folded to a
// line; --component narrows the check to one component.
func TestCheckMonorepoShowsTouchedComponents(t *testing.T) {
	t.Parallel()
	repo := gittest.NewRepo(t, monorepoFiles)
	repo.Git("checkout", "-q", "-b", "feature/non-root")
	repo.Commit(gittest.Files{
		"services/orders/Dockerfile": "FROM golang:1.26.0\nCOPY . .\nUSER app\nENTRYPOINT [\"/orders\"]\n",
	}, "orders runs as a non-root user")

	text, stderr, code := runCLI(t, nil, "check", repo.Dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	touched, others, ok := strings.Cut(text, "other component")
	if !ok || !strings.Contains(touched, "components the change touches:\n  orders  (services/orders, shop/orders)") ||
		!strings.Contains(touched, "fixes: security.container-non-root") || strings.Contains(touched, "billing (") {
		t.Errorf("orders is not shown first as touched, billing folded:\n%s", text)
	}
	if !strings.Contains(others, "billing (services/billing, shop/billing)") {
		t.Errorf("billing is not folded to one line:\n%s", text)
	}

	stdout, stderr, code := runCLI(t, nil, "check", repo.Dir, "--component", "billing", "--format", "json", "--no-compare")
	if code != ExitOK {
		t.Fatalf("--component billing: exit %d: %s", code, stderr)
	}
	var doc struct {
		Repos []struct {
			Team       string            `json:"team"`
			Components []json.RawMessage `json:"components"`
		} `json:"repos"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Repos) != 1 || doc.Repos[0].Team != "shop/billing" || len(doc.Repos[0].Components) != 0 {
		t.Errorf("--component billing: want billing's row alone, got %s", stdout)
	}
	if _, stderr, code := runCLI(t, nil, "check", repo.Dir, "--component", "nope", "--no-compare"); code == ExitOK || !strings.Contains(stderr, "the components are billing, orders") {
		t.Errorf("--component nope: exit %d, %s", code, stderr)
	}
}

// TestScanMonorepoFixtures scans the monorepo fixtures cloned from a git
// server on loopback: every component has the folder, owner and outcome
// of every check its expect.yaml states, and the team rollups count the
// components under their own teams.
func TestScanMonorepoFixtures(t *testing.T) {
	t.Parallel()
	srv := gittest.NewServer(t)
	fixtures := []string{"gitlab-monorepo", "backstage-monorepo", "libs-monorepo", "polyglot-monorepo"}
	var list strings.Builder
	list.WriteString("repos:\n")
	for _, name := range fixtures {
		fmt.Fprintf(&list, "  - url: %s\n    name: %s\n", srv.Add("acme/"+name, gittest.NewRepo(t, fixtureFiles(t, name))), name)
	}
	dir := t.TempDir()
	reposFile := filepath.Join(dir, "repos.yaml")
	if err := os.WriteFile(reposFile, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "scan.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--repos", reposFile, "--out", out, "--no-store", "--config", fixturesConfig); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	scan := readScan(t, out)
	components := map[string]int{}
	for _, r := range scan.Repos {
		if r.Error != "" {
			t.Fatalf("%s: %s", r.Name, r.Error)
		}
		t.Run(r.Name, func(t *testing.T) { checkExpectations(t, filepath.Join(fixturesDir, r.Name), r) })
		for _, c := range r.Components {
			components[c.Team]++
		}
	}
	if len(components) == 0 {
		t.Fatal("no components")
	}
	for _, team := range scan.Teams {
		if n := components[team.Name]; n > 0 && team.Repos != n {
			t.Errorf("team %s counts %d, want its %d components", team.Name, team.Repos, n)
		}
	}
}
