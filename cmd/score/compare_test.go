package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// serviceFiles is a small service whose Dockerfile runs as root.
var serviceFiles = gittest.Files{
	"README.md":      strings.Repeat("The payments service settles card payments. ", 10) + "\n",
	"go.mod":         "module example.com/payments\n\ngo 1.22\n",
	"main.go":        "package main\n\nfunc main() {}\n",
	"main_test.go":   "package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n",
	"Dockerfile":     "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n",
	".gitlab-ci.yml": "test:\n  image: golang:1.22.5\n  script:\n    - go test ./...\n",
}

func TestCheckShowsWhatTheChangeFixes(t *testing.T) {
	t.Parallel()
	repo := gittest.NewRepo(t, serviceFiles)
	repo.Git("checkout", "-q", "-b", "feature/non-root")
	repo.Commit(gittest.Files{
		"Dockerfile": "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT [\"/app\"]\n",
	}, "run as a non-root user")

	stdout, stderr, code := runCLI(t, nil, "check", repo.Dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Comparison struct {
			Base struct {
				Commit string  `json:"commit"`
				Score  float64 `json:"score"`
				Level  string  `json:"level"`
			} `json:"base"`
			Fixed  []string `json:"fixed"`
			Broken []string `json:"broken"`
		} `json:"comparison"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	base := repo.Git("rev-parse", "main")
	if doc.Comparison.Base.Commit != base {
		t.Errorf("base commit %q, want the merge base %s", doc.Comparison.Base.Commit, base)
	}
	if !slices.Contains(doc.Comparison.Fixed, "security.container-non-root") {
		t.Errorf("fixed = %v, want security.container-non-root", doc.Comparison.Fixed)
	}
	if len(doc.Comparison.Broken) != 0 {
		t.Errorf("broken = %v, want none", doc.Comparison.Broken)
	}

	text, _, _ := runCLI(t, nil, "check", repo.Dir)
	if !strings.Contains(text, "security.container-non-root") || !strings.Contains(strings.ToLower(text), "fixes") {
		t.Errorf("text view does not say the change fixes security.container-non-root:\n%s", text)
	}
}

func TestCheckComparesWorkingTreeChanges(t *testing.T) {
	t.Parallel()
	repo := gittest.NewRepo(t, serviceFiles)
	// An uncommitted change that breaks the pinned base image.
	writeFileIn(t, repo.Dir, "Dockerfile", "FROM golang:latest\nUSER app\n")
	stdout, stderr, code := runCLI(t, nil, "check", repo.Dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"broken": [`) || !strings.Contains(stdout, "build.base-image-pinned") {
		t.Errorf("working-tree change not reported as breaking build.base-image-pinned:\n%s", stdout)
	}
}

func TestCheckOutsideGitHasNoComparison(t *testing.T) {
	t.Parallel()
	dir := writeRepo(t, map[string]string{"README.md": "hello\n"})
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, `"comparison"`) || strings.Contains(stderr, "no comparison") {
		t.Errorf("a folder outside git should be scored without a comparison or a note:\n%s\n%s", stdout, stderr)
	}
}
