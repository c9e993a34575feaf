package scorecard

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// TestWriteJSONStreamsTheWholeDocument: WriteJSON, which writes one
// repository at a time, gives exactly the bytes of encoding the whole
// normalised document at once.
func TestWriteJSONStreamsTheWholeDocument(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	repo := func(i int) Repo {
		r := Repo{Name: fmt.Sprintf("group/svc-<%d>&", i), Team: "payments", Score: 72.5, Level: "silver"}
		if i%2 == 0 {
			r.Categories = map[string]CategoryScore{"build": {Score: 80}}
			r.Checks = []CheckResult{{ID: "build.ci-pipeline", Outcome: Fail,
				Findings: []Finding{{Message: "no \"CI\" → here", Path: "a/b", Line: 3}}}, {ID: "test.unit-tests", Outcome: Pass}}
			r.Warnings = []Warning{{Path: "x.yaml", Line: 1, Message: "bad <yaml>"}}
		}
		if i%3 == 0 {
			r.Error = "clone: refused"
		}
		return r
	}
	scan := func(n int) *Scan {
		s := &Scan{Tool: Tool{Version: "1.0"}, Policy: Policy{Digest: "sha256:ab"}, StartedAt: at, FinishedAt: at}
		for i := range n {
			s.Repos = append(s.Repos, repo(i))
		}
		Finalize(s)
		return s
	}
	tests := []struct {
		name string
		scan *Scan
	}{
		{"no repositories", scan(0)},
		{"nil repositories", &Scan{Schema: Schema}},
		{"one", scan(1)},
		{"several", scan(7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var want, got bytes.Buffer
			if err := EncodeJSON(&want, Normalized(tt.scan)); err != nil {
				t.Fatal(err)
			}
			if err := WriteJSON(&got, tt.scan); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("streamed document differs:\n--- got\n%s\n--- want\n%s", got.String(), want.String())
			}
		})
	}
}
