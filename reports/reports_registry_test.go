package reports

import (
	"bytes"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// TestMarksFixable: a format that says it does not show Options.Fixable
// renders the same bytes with and without it, so callers may skip working
// it out; one that says it does shows it.
func TestMarksFixable(t *testing.T) {
	scan := repoScan()
	fixable := map[string]bool{}
	for _, r := range scan.Repos {
		for _, c := range r.Checks {
			if c.Outcome == scorecard.Fail {
				fixable[c.ID] = true
			}
		}
	}
	if len(fixable) == 0 {
		t.Fatal("no failing check in the scan")
	}
	for _, format := range Formats() {
		render, err := Get(format)
		if err != nil {
			t.Fatal(err)
		}
		var without, with bytes.Buffer
		if err := render(&without, scan, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := render(&with, scan, Options{Fixable: fixable}); err != nil {
			t.Fatal(err)
		}
		if same := bytes.Equal(without.Bytes(), with.Bytes()); same == MarksFixable(format) {
			t.Errorf("%s: MarksFixable %v, but the output with Fixable is the same: %v", format, MarksFixable(format), same)
		}
	}
	if MarksFixable("no-such-format") {
		t.Error("an unknown format marks fixable checks")
	}
}
