package reports

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/scorecard"
)

func TestAnchorFile(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"ci first", fstest.MapFS{".gitlab-ci.yml": {}, "README.md": {}, "a.go": {}}, ".gitlab-ci.yml"},
		{"readme", fstest.MapFS{"README.md": {}, "a.go": {}}, "README.md"},
		{"first file, hidden folders skipped", fstest.MapFS{".git/config": {}, "src/b.go": {}, "z.txt": {}}, "src/b.go"},
		{"empty", fstest.MapFS{}, ""},
	} {
		if got := AnchorFile(tt.fsys); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A repository-level finding keeps its fingerprint when its message
// changes (a job renamed, a count that moved); a finding on a missing
// file points at the anchor and names the file.
func TestCodeQualityRepositoryLevelFingerprint(t *testing.T) {
	t.Parallel()
	scanWith := func(msg string) *scorecard.Scan {
		return &scorecard.Scan{Repos: []scorecard.Repo{{Name: "svc", Checks: []scorecard.CheckResult{
			{ID: "a.check", Title: "A", Outcome: scorecard.Fail, Level: scorecard.Bronze, Findings: []scorecard.Finding{{Message: msg}}},
			{ID: "b.check", Title: "B", Outcome: scorecard.Fail, Level: scorecard.Bronze, Findings: []scorecard.Finding{{Message: "no owners", Path: "CODEOWNERS", Line: 3}}},
		}}}}
	}
	opts := Options{Anchor: "README.md", Exists: func(p string) bool { return p == "README.md" }}
	issues := func(msg string) []cqIssue {
		var out []cqIssue
		if err := json.Unmarshal(render(t, "codequality", scanWith(msg), opts), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := issues("3 jobs lack tests"), issues("4 jobs lack tests")
	if a[0].Fingerprint != b[0].Fingerprint {
		t.Error("a repository-level finding changed fingerprint with its message")
	}
	for _, is := range a {
		if is.Location.Path != "README.md" || is.Location.Lines.Begin != 1 {
			t.Errorf("%s points at %+v, want README.md:1", is.CheckName, is.Location)
		}
	}
	if a[1].Description != "B: no owners (CODEOWNERS)" {
		t.Errorf("description %q does not name the missing file", a[1].Description)
	}
}
