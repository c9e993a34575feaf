package main

import (
	"os"
	"testing"
)

// TestChecksDocUpToDate keeps docs/checks.md equal to what
// `score policy docs` writes from the policies' metadata.
func TestChecksDocUpToDate(t *testing.T) {
	t.Parallel()
	const doc = "../../docs/checks.md"
	got, stderr, code := runCLI(t, nil, "policy", "docs")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if *update {
		if err := os.WriteFile(doc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(doc)
	if err != nil {
		t.Fatalf("%v (run `go test ./cmd/score -run TestChecksDocUpToDate -update`)", err)
	}
	if string(want) != got {
		t.Errorf("docs/checks.md is out of date with the policies' metadata; run `go run ./cmd/score policy docs --out docs/checks.md` (or this test with -update)\n%s", lineDiff(string(want), got))
	}
}
