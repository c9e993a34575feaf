package reports

import (
	"io"

	"github.com/scoredev/score/scorecard"
)

// jsonWithComparison is the scan document with the comparison appended as
// a last top-level field.
type jsonWithComparison struct {
	*scorecard.Scan
	Comparison *scorecard.Comparison `json:"comparison"`
}

// renderJSON writes the scan result document (docs/architecture.md, "The scan result"), byte for
// byte what scorecard.WriteJSON writes; with a comparison, a top-level
// "comparison" object follows.
func renderJSON(w io.Writer, scan *scorecard.Scan, opts Options) error {
	if opts.Comparison == nil {
		return scorecard.WriteJSON(w, scan)
	}
	c := *opts.Comparison
	if c.Fixed == nil {
		c.Fixed = []string{}
	}
	if c.Broken == nil {
		c.Broken = []string{}
	}
	if c.NewFindings == nil {
		c.NewFindings = []scorecard.FindingRef{}
	}
	if c.ResolvedFindings == nil {
		c.ResolvedFindings = []scorecard.FindingRef{}
	}
	return scorecard.EncodeJSON(w, jsonWithComparison{Scan: scorecard.Normalized(scan), Comparison: &c})
}
