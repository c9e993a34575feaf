package reports

import (
	"io"

	"github.com/scoredev/score/scorecards"
)

// jsonWithComparison is the scan document with the comparison appended as
// a last top-level field.
type jsonWithComparison struct {
	*scorecards.Scan
	Comparison *scorecards.Comparison `json:"comparison"`
}

// renderJSON writes the scan result document of DESIGN.md §2.6, byte for
// byte what scorecards.WriteJSON writes; with a comparison, a top-level
// "comparison" object follows.
func renderJSON(w io.Writer, scan *scorecards.Scan, opts Options) error {
	if opts.Comparison == nil {
		return scorecards.WriteJSON(w, scan)
	}
	c := *opts.Comparison
	if c.Fixed == nil {
		c.Fixed = []string{}
	}
	if c.Broken == nil {
		c.Broken = []string{}
	}
	if c.NewFindings == nil {
		c.NewFindings = []scorecards.FindingRef{}
	}
	if c.ResolvedFindings == nil {
		c.ResolvedFindings = []scorecards.FindingRef{}
	}
	return scorecards.EncodeJSON(w, jsonWithComparison{Scan: scorecards.Normalized(scan), Comparison: &c})
}
