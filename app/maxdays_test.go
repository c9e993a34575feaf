package app

import (
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

// TestMaxExemptionDays: an exemption expiring later than today plus the
// platform's limit is refused with a warning at its line; one within it
// stands; and a result holding such a refusal is never reused, since the
// window moves with the date.
func TestMaxExemptionDays(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC)
	p := &Pipeline{MaxExemptionDays: 90}
	in := []scorecard.ExemptionInput{
		{Check: "a", Expires: "2027-03-06", Path: ".score.yaml", Line: 2}, // exactly 90 days
		{Check: "b", Expires: "2027-03-07", Path: ".score.yaml", Line: 5},
		{Check: "c", Expires: "soon", Path: ".score.yaml", Line: 8}, // left to Score to report
	}
	out, warns := p.capExemptions(in, now)
	if len(out) != 2 || out[0].Check != "a" || out[1].Check != "c" {
		t.Errorf("kept %+v, want a and c", out)
	}
	if len(warns) != 1 || warns[0].Line != 5 || !strings.Contains(warns[0].Message, "set expires on or before 2027-03-06") {
		t.Fatalf("warnings %+v, want one at line 5 naming 2027-03-06", warns)
	}
	if p.Reusable(scorecard.Repo{Warnings: warns}) {
		t.Error("a result with an exemption refused by max_exemption_days was reusable")
	}
	if out, warns := (&Pipeline{}).capExemptions(in, now); len(out) != 3 || len(warns) != 0 {
		t.Errorf("without a limit: kept %d, %d warnings; want all, none", len(out), len(warns))
	}
}
