package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecards"
)

// TestWriteScanJSONMatchesWriteJSON: the streaming writer gives the bytes
// of scorecards.WriteJSON, for synthetic scans and for a real scan of the
// fixture repositories.
func TestWriteScanJSONMatchesWriteJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	repo := func(i int) scorecards.Repo {
		r := scorecards.Repo{Name: fmt.Sprintf("group/svc-<%d>&", i), Team: "payments", Score: 72.5, Level: "silver"}
		if i%2 == 0 {
			r.Categories = map[string]scorecards.CategoryScore{"build": {Score: 80}}
			r.Checks = []scorecards.CheckResult{{ID: "build.ci-pipeline", Outcome: scorecards.Fail,
				Findings: []scorecards.Finding{{Message: "no \"CI\" → here", Path: "a/b", Line: 3}}}, {ID: "test.unit-tests", Outcome: scorecards.Pass}}
			r.Warnings = []scorecards.Warning{{Path: "x.yaml", Line: 1, Message: "bad <yaml>"}}
		}
		if i%3 == 0 {
			r.Error = "clone: refused"
		}
		return r
	}
	scan := func(n int) *scorecards.Scan {
		s := &scorecards.Scan{Tool: scorecards.Tool{Version: "1.0"}, Policy: scorecards.Policy{Digest: "sha256:ab"}, StartedAt: at, FinishedAt: at}
		for i := range n {
			s.Repos = append(s.Repos, repo(i))
		}
		scorecards.Finalize(s)
		return s
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "fixtures.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--dir", filepath.Join("..", "..", "testdata", "repos"), "--no-store", "--progress", "none", "--out", out); code != ExitOK {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	tests := []struct {
		name string
		scan *scorecards.Scan
	}{
		{"no repositories", scan(0)},
		{"nil repositories", &scorecards.Scan{Schema: scorecards.Schema}},
		{"one", scan(1)},
		{"several", scan(7)},
		{"fixtures", readScanResult(t, out)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want, got bytes.Buffer
			if err := scorecards.WriteJSON(&want, tt.scan); err != nil {
				t.Fatal(err)
			}
			if err := writeScanJSON(&got, tt.scan); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("streamed document differs from WriteJSON:\n--- got\n%s\n--- want\n%s", got.String(), want.String())
			}
			if tt.name == "fixtures" && !strings.Contains(got.String(), `"checks": [`) {
				t.Errorf("fixture scan has no checks")
			}
		})
	}
}
