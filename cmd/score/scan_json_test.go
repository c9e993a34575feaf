package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// TestScanResultStreamsLikeOneEncode: the result of a real scan of the
// fixture repositories, written by WriteJSON one repository at a time, is
// byte for byte the document encoded at once.
func TestScanResultStreamsLikeOneEncode(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "fixtures.json")
	if _, stderr, code := runCLI(t, nil, "scan", "--dir", filepath.Join("..", "..", "testdata", "repos"), "--no-store", "--progress", "none", "--out", out); code != ExitOK {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	scan := readScanResult(t, out)
	var want, got bytes.Buffer
	if err := scorecard.EncodeJSON(&want, scorecard.Normalized(scan)); err != nil {
		t.Fatal(err)
	}
	if err := scorecard.WriteJSON(&got, scan); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("streamed document differs from one encode")
	}
	if !strings.Contains(got.String(), `"checks": [`) {
		t.Error("fixture scan has no checks")
	}
}
