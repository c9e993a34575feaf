package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type goldenCase struct {
	file   string
	format string
	scan   func() *scorecard.Scan
	opts   func() Options
}

func noOpts() Options { return Options{} }

var goldenCases = []goldenCase{
	{"table-org.txt", "table", orgScan, func() Options { return Options{Previous: previousScan()} }},
	{"table-team.txt", "table", orgScan, func() Options { return Options{Team: "search"} }},
	{"table-repo.txt", "table", repoScan, func() Options { return Options{Comparison: fixtureComparison()} }},
	{"table-repo-color.txt", "table", repoScan, func() Options { return Options{Color: true} }},
	{"json-org.json", "json", orgScan, noOpts},
	{"json-repo-comparison.json", "json", repoScan, func() Options { return Options{Comparison: fixtureComparison()} }},
	{"markdown-org.md", "markdown", orgScan, func() Options { return Options{Previous: previousScan()} }},
	{"markdown-repo.md", "markdown", repoScan, func() Options { return Options{Comparison: fixtureComparison()} }},
	{"markdown-repo-plain.md", "markdown", repoScan, noOpts},
	{"html-org.html", "html", orgScan, func() Options { return Options{Previous: previousScan(), Title: "Golden path — ACME"} }},
	{"sarif-repo.sarif", "sarif", repoScan, noOpts},
	{"sarif-org.sarif", "sarif", orgScan, noOpts},
	{"codequality-repo.json", "codequality", repoScan, noOpts},
	{"codequality-org.json", "codequality", orgScan, noOpts},
	{"junit-org.xml", "junit", orgScan, noOpts},
}

func render(t *testing.T, format string, scan *scorecard.Scan, opts Options) []byte {
	t.Helper()
	r, err := Get(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r(&buf, scan, opts); err != nil {
		t.Fatalf("render %s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			got := render(t, tc.format, tc.scan(), tc.opts())
			// Deterministic: a second rendering of fresh values is identical.
			if again := render(t, tc.format, tc.scan(), tc.opts()); !bytes.Equal(got, again) {
				t.Fatal("rendering twice gave different bytes")
			}
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run go test ./reports -update after checking the change)\n--- got ---\n%s", tc.file, got)
			}
		})
	}
}

func TestEveryFormatHasAGoldenFile(t *testing.T) {
	t.Parallel()
	covered := map[string]bool{}
	for _, tc := range goldenCases {
		covered[tc.format] = true
	}
	for _, f := range Formats() {
		if !covered[f] {
			t.Errorf("format %s has no golden test", f)
		}
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	want := []string{"codequality", "html", "json", "junit", "markdown", "sarif", "table"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
	if !slices.IsSorted(Formats()) {
		t.Error("registry is not sorted")
	}
	for _, f := range want {
		if r, err := Get(f); err != nil || r == nil {
			t.Errorf("Get(%q) = %v, %v", f, r, err)
		}
	}
	for _, f := range []string{"", "TABLE", "text", "xml"} {
		r, err := Get(f)
		if err == nil || r != nil {
			t.Errorf("Get(%q) did not fail", f)
			continue
		}
		if !strings.Contains(err.Error(), strings.Join(want, ", ")) {
			t.Errorf("Get(%q) error %q does not list the formats", f, err)
		}
	}
}

func TestTeamFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		team      string
		wantRepos []string
		wantErr   string
	}{
		{"payments", []string{"platform/payments-api"}, ""},
		{"search", []string{"platform/broken-repo", "platform/search-indexer"}, ""},
		{"unowned", []string{"tools/legacy-cron"}, ""},
		{"nobody", nil, `team "nobody" has no repositories in this scan (teams: payments, search, unowned)`},
	}
	for _, tt := range tests {
		t.Run(tt.team, func(t *testing.T) {
			t.Parallel()
			r, _ := Get("json")
			var buf bytes.Buffer
			err := r(&buf, orgScan(), Options{Team: tt.team})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s, err := scorecard.ReadJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range s.Repos {
				names = append(names, r.Name)
			}
			if !slices.Equal(names, tt.wantRepos) {
				t.Errorf("repos = %v, want %v", names, tt.wantRepos)
			}
			if len(s.Teams) != 1 || s.Teams[0].Name != tt.team {
				t.Errorf("teams = %+v, want only %s", s.Teams, tt.team)
			}
		})
	}
}

func TestNilScan(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		r, _ := Get(f)
		if err := r(&bytes.Buffer{}, nil, Options{}); err == nil {
			t.Errorf("%s: no error for a nil scan", f)
		}
	}
}

func TestEmptyScan(t *testing.T) {
	t.Parallel()
	empty := fixtureScan()
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			if out := render(t, f, empty, Options{}); len(out) == 0 {
				t.Error("no output")
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		r, _ := Get(f)
		if err := r(failingWriter{}, orgScan(), Options{}); err == nil {
			t.Errorf("%s: write error not returned", f)
		}
	}
}

func TestFingerprints(t *testing.T) {
	t.Parallel()
	fp := newFingerprinter()
	a := fp.of("", "c.x", "Dockerfile", "untagged")
	b := fp.of("", "c.x", "Dockerfile", "untagged")
	c := newFingerprinter().of("", "c.x", "Dockerfile", "untagged")
	d := newFingerprinter().of("g/r", "c.x", "Dockerfile", "untagged")
	if a == b {
		t.Error("identical findings share a fingerprint")
	}
	if a != c {
		t.Error("fingerprint is not stable")
	}
	if a == d {
		t.Error("scope does not change the fingerprint")
	}
	sum := sha256.Sum256([]byte("c.x\x00Dockerfile\x00untagged"))
	if want := hex.EncodeToString(sum[:]); a != want {
		t.Errorf("fingerprint = %s, want sha256 of check, path and message %s", a, want)
	}
}
