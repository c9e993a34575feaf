package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// nonRootDockerfile is serviceFiles' Dockerfile with a USER line.
const nonRootDockerfile = "FROM golang:1.22.5 AS build\nRUN go build -o /app .\n\nFROM debian:12.6-slim\nCOPY --from=build /app /app\nUSER app\nENTRYPOINT [\"/app\"]\n"

// newBreakingMR is a merge request whose base runs as a non-root user and
// whose head drops the USER line: it breaks security.container-non-root,
// and every other failing check was failing on the base already.
func newBreakingMR(t *testing.T, iid int64) *mrSetup {
	t.Helper()
	files := maps.Clone(serviceFiles)
	files["Dockerfile"] = nonRootDockerfile
	upstream := gittest.NewRepo(t, files)
	base := upstream.Head()
	upstream.Git("config", "uploadpack.allowAnySHA1InWant", "true")
	upstream.Git("checkout", "-q", "-b", "feature")
	upstream.Commit(gittest.Files{"Dockerfile": serviceFiles["Dockerfile"]}, "drop the USER line")
	clone := t.TempDir()
	gittest.Git(t, clone, "clone", "-q", "--depth", "1", "--branch", "feature", "file://"+upstream.Dir, ".")
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-test-secret-token"
	proj := gl.AddProject(gittest.Project{PathWithNamespace: "acme/payments", DefaultBranch: "main"})
	s := &mrSetup{gl: gl, clone: clone, base: base, artifacts: t.TempDir()}
	s.env = map[string]string{
		"CI_PIPELINE_SOURCE":             "merge_request_event",
		"CI_MERGE_REQUEST_IID":           fmt.Sprint(iid),
		"CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
		"CI_PROJECT_ID":                  fmt.Sprint(proj.ID),
		"CI_PROJECT_PATH":                "acme/payments",
		"CI_API_V4_URL":                  gl.URL + "/api/v4",
		"CI_PROJECT_DIR":                 clone,
		"SCORE_GITLAB_TOKEN":             gl.Token,
	}
	return s
}

type junitDoc struct {
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Cases []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
			Error   *struct{} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, path string) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal(readFile(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// Issue 15 item 4: in a merge request, only what the change breaks is a
// failed test; checks failing on the base too are skipped with a message
// that says so and keep their findings.
func TestCIJUnitFailsOnlyWhatTheChangeBreaks(t *testing.T) {
	t.Parallel()
	s := newBreakingMR(t, 21)
	_, stderr, code := s.run(t, "--no-note")
	if code != ExitOK || strings.Contains(stderr, "no comparison") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc := readJUnit(t, filepath.Join(s.artifacts, "score-junit.xml"))
	if doc.Failures != 1 || doc.Errors != 0 {
		t.Errorf("failures=%d errors=%d, want 1 and 0 (only the broken check)", doc.Failures, doc.Errors)
	}
	preexisting := 0
	for _, c := range doc.Suites[0].Cases {
		switch {
		case c.Failure != nil:
			if !strings.HasPrefix(c.Name, "security.container-non-root:") {
				t.Errorf("failure for %s, which the change did not break", c.Name)
			}
		case c.Skipped != nil && strings.HasPrefix(c.Skipped.Message, "not broken by this change: already failing on the base commit "+s.base[:12]):
			preexisting++
			if c.SystemOut == "" {
				t.Errorf("%s: a pre-existing failure lost its findings", c.Name)
			}
		}
	}
	if preexisting == 0 {
		t.Error("no pre-existing failure reported as skipped with its reason")
	}

	// A plain report (no comparison) keeps a failure per failing check.
	out := filepath.Join(t.TempDir(), "plain.xml")
	if _, stderr, code := runCLI(t, nil, "check", s.clone, "--no-compare", "--format", "junit", "--out", out); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if plain := readJUnit(t, out); plain.Failures != 1+preexisting {
		t.Errorf("plain junit: %d failures, want %d", plain.Failures, 1+preexisting)
	}
}

type cqIssueDoc struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
		} `json:"lines"`
	} `json:"location"`
}

func codeQualityOf(t *testing.T, dir string) []cqIssueDoc {
	t.Helper()
	stdout, stderr, code := runCLI(t, nil, "check", dir, "--no-compare", "--format", "codequality")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var issues []cqIssueDoc
	if err := json.Unmarshal([]byte(stdout), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) == 0 {
		t.Fatal("no issues")
	}
	return issues
}

// Issue 15 item 5: every Code Quality issue points at a file that exists;
// repository-level ones at the CI file, else the README, else the first
// file, line 1, with a fingerprint that does not depend on the message.
func TestCodeQualityPointsAtExistingFiles(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		files  map[string]string
		anchor string
	}{
		{"ci", map[string]string{".gitlab-ci.yml": serviceFiles[".gitlab-ci.yml"], "README.md": "hi\n", "main.go": "package main\n"}, ".gitlab-ci.yml"},
		{"readme", map[string]string{"README.md": "hi\n", "main.go": "package main\n", "go.mod": "module x\n\ngo 1.22\n"}, "README.md"},
		{"first", map[string]string{"main.go": "package main\n", "go.mod": "module x\n\ngo 1.22\n"}, "go.mod"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeRepo(t, tt.files)
			anchored := 0
			for _, is := range codeQualityOf(t, dir) {
				if _, ok := tt.files[is.Location.Path]; !ok {
					t.Errorf("%s points at %s, which does not exist", is.CheckName, is.Location.Path)
				}
				if is.Location.Path == tt.anchor && is.Location.Lines.Begin == 1 {
					anchored++
				}
			}
			if anchored == 0 {
				t.Errorf("no repository-level issue anchored at %s:1", tt.anchor)
			}
		})
	}
}

func TestCodeQualityRepositoryLevelFingerprintsAreStable(t *testing.T) {
	t.Parallel()
	repo := gittest.NewRepo(t, serviceFiles)
	before := codeQualityOf(t, repo.Dir)
	// A change elsewhere in the repository (another CI job) keeps every
	// repository-level issue the same issue.
	writeFileIn(t, repo.Dir, ".gitlab-ci.yml", serviceFiles[".gitlab-ci.yml"]+"\nlint:\n  image: golang:1.22.5\n  script:\n    - go vet ./...\n")
	after := codeQualityOf(t, repo.Dir)
	fps, failing := map[string]bool{}, map[string]bool{}
	for _, is := range after {
		fps[is.Fingerprint], failing[is.CheckName] = true, true
	}
	n := 0
	for _, is := range before {
		if is.Location.Path == ".gitlab-ci.yml" && is.Location.Lines.Begin == 1 && failing[is.CheckName] {
			n++
			if !fps[is.Fingerprint] {
				t.Errorf("%s: fingerprint of %q changed", is.CheckName, is.Description)
			}
		}
	}
	if n == 0 {
		t.Fatal("no repository-level issues to compare")
	}
}

// Issue 15 item 6: the note leads with what the change does (broken,
// level before and after, new findings only in the files it touched) and
// folds the full failing-check table into <details>.
func TestCINoteLeadsWithTheChange(t *testing.T) {
	t.Parallel()
	s := newBreakingMR(t, 22)
	_, stderr, code := s.run(t)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notes := s.gl.Notes("acme/payments", 22)
	if len(notes) != 1 {
		t.Fatalf("%d notes, want 1", len(notes))
	}
	body := notes[0].Body
	lead, rest, ok := strings.Cut(body, "<details>")
	if !ok {
		t.Fatalf("no collapsed section:\n%s", body)
	}
	for _, want := range []string{"**Level** ", "### What this change does", "**Breaks 1:** `security.container-non-root`"} {
		if !strings.Contains(lead, want) {
			t.Errorf("the lead lacks %q:\n%s", want, lead)
		}
	}
	if strings.Contains(lead, "| Check |") || !strings.Contains(rest, "All failing checks") {
		t.Errorf("the failing-check table is not folded away:\n%s", body)
	}
	if len(lead) > 1500 {
		t.Errorf("the lead is %d bytes; it should say what the change does in a few lines:\n%s", len(lead), lead)
	}
	// Every finding the lead calls new is in the one file the change touched.
	_, newPart, _ := strings.Cut(lead, "new findings")
	for _, line := range strings.Split(newPart, "\n") {
		if strings.HasPrefix(line, "  - `") && !strings.Contains(line, "`Dockerfile") {
			t.Errorf("a finding outside the changed files is called new: %s", line)
		}
	}
}
