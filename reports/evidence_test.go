package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// evidenceScan is one repository whose checks carry evidence: a passing
// one (what the pass rests on) and a failing one.
func evidenceScan() *scorecard.Scan {
	checks := fixtureChecks(map[string]outcomeSpec{
		"security.container-non-root": fail(scorecard.Finding{Message: "final stage runs as root", Path: "Dockerfile", Line: 12}),
	})
	for i := range checks {
		switch checks[i].ID {
		case "build.ci-pipeline":
			checks[i].Evidence = []scorecard.Finding{{Message: "job `build` in stage build", Path: ".gitlab-ci.yml", Line: 7}}
		case "security.container-non-root":
			checks[i].Evidence = []scorecard.Finding{{Message: "image built from stage `runtime`", Path: "Dockerfile", Line: 9}}
		}
	}
	return fixtureScan(scorecard.Score(paymentsMeta, checks, nil, fixtureNow))
}

// Issue 15 item 8: SARIF carries a failing check's evidence as related
// locations, each with its message.
func TestSARIFShowsEvidence(t *testing.T) {
	t.Parallel()
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					ID               int `json:"id"`
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
					Message struct{ Text string } `json:"message"`
				} `json:"relatedLocations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", evidenceScan(), Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range doc.Runs[0].Results {
		if r.RuleID != "security.container-non-root" {
			if len(r.RelatedLocations) > 0 {
				t.Errorf("%s has related locations it has no evidence for", r.RuleID)
			}
			continue
		}
		found = true
		if len(r.RelatedLocations) != 1 {
			t.Fatalf("related locations = %+v, want the one piece of evidence", r.RelatedLocations)
		}
		l := r.RelatedLocations[0]
		if l.ID != 1 || l.PhysicalLocation.ArtifactLocation.URI != "Dockerfile" || l.PhysicalLocation.Region.StartLine != 9 ||
			l.Message.Text != "image built from stage `runtime`" {
			t.Errorf("related location = %+v", l)
		}
	}
	if !found {
		t.Error("no result for the failing check")
	}
}

// Issue 15 item 8: the HTML report shows the evidence of every outcome, a
// pass included, as file:line and message.
func TestHTMLShowsEvidence(t *testing.T) {
	t.Parallel()
	out := string(render(t, "html", evidenceScan(), Options{}))
	for _, want := range []string{
		"<li><code>.gitlab-ci.yml:7</code> job <code>build</code> in stage build</li>",
		"<li><code>Dockerfile:9</code> image built from stage <code>runtime</code></li>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks the evidence %s", want)
		}
	}
	if n := strings.Count(out, `<details class="evidence">`); n != 2 {
		t.Errorf("%d evidence lists, want 2 (one passing check, one failing)", n)
	}
}
