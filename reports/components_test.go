package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// TestEveryFormatNamesTheComponent: a monorepo's finding carries its
// component into every report format.
func TestEveryFormatNamesTheComponent(t *testing.T) {
	comp := func(name string, outcome scorecard.Outcome, findings ...scorecard.Finding) scorecard.Component {
		return scorecard.Component{Name: name, Path: "services/" + name, Team: "t-" + name, Score: 50, Level: scorecard.None,
			Checks: []scorecard.CheckResult{{ID: "build.container-build", Title: "Container", Category: "build", Level: scorecard.Bronze,
				Weight: 3, Outcome: outcome, Findings: findings}}}
	}
	repo := scorecard.WithComponents(scorecard.Repo{Name: "shop", Team: "platform"}, []scorecard.Component{
		comp("orders", scorecard.Fail, scorecard.Finding{Message: "no Dockerfile", Path: "services/orders/go.mod", Line: 1}),
		comp("billing", scorecard.Pass),
	})
	scan := &scorecard.Scan{Schema: scorecard.Schema, Repos: []scorecard.Repo{repo}, Teams: scorecard.Rollup([]scorecard.Repo{repo})}
	for _, format := range []string{"table", "markdown", "html", "sarif", "codequality", "junit", "json"} {
		r, err := Get(format)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r(&buf, scan, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		want := "[orders]"
		switch format {
		case "json":
			want = `"component": "orders"`
		case "html": // each component is a row of its own, under its team
			want = `data-repo="shop/orders"`
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("%s does not name the component of the finding (%s):\n%s", format, want, buf.String())
		}
	}
}
