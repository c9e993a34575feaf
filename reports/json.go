package reports

import (
	"io"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/scorecard"
)

// jsonWithComparison is the scan document with the comparison and the
// campaigns appended as last top-level fields.
type jsonWithComparison struct {
	*scorecard.Scan
	Comparison *scorecard.Comparison `json:"comparison,omitempty"`
	Campaigns  []campaign.Status     `json:"campaigns,omitempty"`
}

// renderJSON writes the scan result document (docs/architecture.md, "The scan result"), byte for
// byte what scorecard.WriteJSON writes; with a comparison, a top-level
// "comparison" object follows, and with campaigns a "campaigns" list.
func renderJSON(w io.Writer, scan *scorecard.Scan, opts Options) error {
	if opts.Comparison == nil && len(opts.Campaigns) == 0 {
		return scorecard.WriteJSON(w, scan)
	}
	doc := jsonWithComparison{Scan: scorecard.Normalized(scan), Campaigns: opts.Campaigns}
	if opts.Comparison == nil {
		return scorecard.EncodeJSON(w, doc)
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
	doc.Comparison = &c
	return scorecard.EncodeJSON(w, doc)
}
