package archtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBoundaries holds the module to the rules of docs/architecture.md.
func TestBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the whole module")
	}
	module, g, err := Load("../..", "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"collect/ci", "reports", "scorecard", "facts", "snapshot", "cmd/score"} {
		if _, ok := g[module+"/"+pkg]; !ok {
			t.Fatalf("%s missing from the graph: the rules would check nothing", pkg)
		}
	}
	for _, v := range Check(module, g, Rules) {
		t.Error(v)
	}
}

// TestCheckCatchesWrongImports feeds the checker a graph with one wrong
// import per rule and expects each to be reported.
func TestCheckCatchesWrongImports(t *testing.T) {
	t.Parallel()
	const m = "example.com/score"
	g := Graph{
		m + "/collect/ci":      {m + "/facts", "github.com/go-git/go-git/v5/plumbing"},
		m + "/collect/deps":    {m + "/source/gitlab"},
		m + "/collect/files":   {"gitlab.com/gitlab-org/api/client-go/v2"},
		m + "/collect/imports": {m + "/engine"},
		m + "/snapshot":        {m + "/scorecard"},
		m + "/facts":           {m + "/snapshot"},
		m + "/reports":         {m + "/history", "modernc.org/sqlite"},
		m + "/scorecard":       {"modernc.org/sqlite/lib"},
		m + "/app":             {m + "/cmd/score"},
		m + "/cmd/score":       {m + "/app", m + "/cmd/score/internal"},
		m + "/source/git":      {"github.com/go-git/go-git/v5"},
		// The .gitignore parser and what it pulls in are allowed.
		m + "/collect/kubernetes": {gitignore, "github.com/go-git/go-git/v5/plumbing/format/config"},
		gitignore:                 {"github.com/go-git/go-git/v5/plumbing/format/config"},
	}
	got := strings.Join(Check(m, g, Rules), "\n")
	for _, want := range []string{
		"collect/ci imports github.com/go-git/go-git/v5/plumbing",
		"collect/deps imports " + m + "/source/gitlab",
		"collect/files imports gitlab.com/gitlab-org/api/client-go/v2",
		"collect/imports imports " + m + "/engine",
		"snapshot imports " + m + "/scorecard",
		"facts imports " + m + "/snapshot",
		"reports imports " + m + "/history",
		"reports imports modernc.org/sqlite",
		"scorecard imports modernc.org/sqlite/lib",
		"app imports " + m + "/cmd/score",
	} {
		if !strings.Contains(got, want+":") {
			t.Errorf("not reported: %s\ngot:\n%s", want, got)
		}
	}
	for _, allowed := range []string{"cmd/score imports", "source/git imports", "collect/kubernetes imports"} {
		if strings.Contains(got, allowed) {
			t.Errorf("reported an allowed import (%s):\n%s", allowed, got)
		}
	}
}

// TestLoadSeesAWrongImport builds a small module on disk in which a
// collector imports the source side, and checks that Load and Check,
// the path TestBoundaries takes, report it.
func TestLoadSeesAWrongImport(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":               "module example.com/bad\n\ngo 1.26\n",
		"source/source.go":     "package source\n\nfunc Clone() {}\n",
		"collect/ci/ci.go":     "package ci\n",
		"collect/ci/x_test.go": "package ci\n\nimport (\n\t\"testing\"\n\n\t\"example.com/bad/source\"\n)\n\nfunc TestX(t *testing.T) { source.Clone() }\n",
		"reports/reports.go":   "package reports\n\nimport _ \"example.com/bad/history\"\n",
		"history/history.go":   "package history\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	module, g, err := Load(dir, "./...")
	if err != nil {
		t.Fatal(err)
	}
	got := Check(module, g, Rules)
	want := []string{
		"collect/ci imports example.com/bad/source: " + Rules[0].Why,
		"reports imports example.com/bad/history: " + Rules[4].Why,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
