package gitlab

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/internal/gittest"
)

// TestGitLabDeliveryPagingGuard: a server whose every page says the next
// one is page 1 is stopped, and the listing's events are empty with the
// reason; the token appears in no reason.
func TestGitLabDeliveryPagingGuard(t *testing.T) {
	t.Parallel()
	gl := gittest.NewGitLab(t)
	gl.Token = "glpat-delivery-guard"
	gl.StuckNextPage = true
	p := gl.AddProject(gittest.Project{PathWithNamespace: "acme/stuck", DefaultBranch: "main"})
	gl.AddEnvironment("acme/stuck", gittest.Environment{Name: "production", Tier: "production"})
	until := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	res := GitLabDelivery(context.Background(), GitLabOptions{BaseURL: gl.URL, Token: gl.Token}, p.ID, "main", until.AddDate(0, 0, -90), until)
	for what, reason := range map[string]string{"deployments": res.DeploymentsReason, "incidents": res.IncidentsReason} {
		if !strings.Contains(reason, "stopped instead of paging for ever") {
			t.Errorf("%s reason = %q", what, reason)
		}
		if strings.Contains(reason, gl.Token) {
			t.Errorf("%s reason shows the token", what)
		}
	}
	if res.NoDeployments || len(res.Deployments) > 0 {
		t.Errorf("a failed listing counted as a project without deployments: %+v", res)
	}
}
