package reports

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// FuzzRenderers: any scan result that reads must render in every format
// without panicking.
func FuzzRenderers(f *testing.F) {
	for _, name := range []string{"json-org.json", "json-repo-comparison.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema": "score.scan/v1", "repos": [{"name": "", "level": "platinum", "checks": [{"id": "", "outcome": "weird", "findings": [{"message": "|` + "`" + `\n"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		scan, err := scorecard.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, format := range Formats() {
			r, _ := Get(format)
			if err := r(io.Discard, scan, Options{Color: true}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}

// FuzzMarkdownCell: escaped text never breaks out of its table cell.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a|b", "`x|y`", "\\|", "line\nbreak", "\r\n|", "<b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cell := range []string{mdCell(mdText(s)), mdCode(s, true), mdFinding(scorecard.Finding{Message: s, Path: s, Line: 1})} {
			if strings.ContainsAny(cell, "\n\r") {
				t.Fatalf("line break in cell %q", cell)
			}
			if cellCount("| "+cell+" |") != 1 {
				t.Fatalf("%q splits the cell: %q", s, cell)
			}
		}
	})
}
