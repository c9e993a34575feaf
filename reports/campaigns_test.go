package reports

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/campaign"
	"github.com/scoredev/score/config"
	"github.com/scoredev/score/scorecard"
)

// fixtureCampaigns are two campaigns over orgScan, with previousScan and
// one older scan as history: the platform one has a three-point burn-up.
func fixtureCampaigns() []campaign.Status {
	day := func(s string) time.Time { d, _ := time.Parse(config.DateLayout, s); return d }
	older := previousScan()
	older.FinishedAt = older.FinishedAt.AddDate(0, 0, -7)
	older.Repos = []scorecard.Repo{legacyRepo(), paymentsBase()}
	list := []config.Campaign{
		{ID: "platform-silver", Title: "Platform services at silver", Target: config.CampaignTarget{Level: scorecard.Silver},
			Scope: config.CampaignScope{Repos: []string{"platform/**"}}, Starts: day("2025-02-20"), Due: day("2025-04-30")},
		{ID: "readme", Title: "Every repository has a README", Target: config.CampaignTarget{Checks: []string{"ownership.readme"}},
			Starts: day("2025-03-01"), Due: day("2025-03-31")},
	}
	return campaign.Evaluate(list, orgScan(), []*scorecard.Scan{older, previousScan()}, fixtureNow)
}

func TestCampaignsInReports(t *testing.T) {
	t.Parallel()
	statuses := fixtureCampaigns()
	if got := statuses[0].BurnUp; len(got) != 3 || got[2].Done != 1 || got[2].Repos != 3 {
		t.Fatalf("platform burn-up = %+v", got)
	}
	opts := Options{Campaigns: statuses}

	md := string(render(t, "markdown", orgScan(), opts))
	for _, want := range []string{
		"## Campaigns",
		"### Platform services at silver (`platform-silver`)",
		"**46 days left** · 3 repositories in scope: **1 done**, 2 to do, 0 exempted",
		"| `platform/payments-api` | payments | `build.base-image-pinned`, `security.sast`, `test.coverage` |",
		"Burn-up (done per scan): 2025-03-01",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	var doc struct {
		Repos     []json.RawMessage `json:"repos"`
		Campaigns []campaign.Status `json:"campaigns"`
	}
	if err := json.Unmarshal(render(t, "json", orgScan(), opts), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Repos) != 4 || len(doc.Campaigns) != 2 || doc.Campaigns[1].ToDo != 2 || len(doc.Campaigns[0].BurnUp) != 3 {
		t.Errorf("json campaigns = %+v", doc.Campaigns)
	}
	if plain := string(render(t, "json", orgScan(), Options{})); strings.Contains(plain, "campaigns") {
		t.Error("json without campaigns has a campaigns field")
	}

	html := string(render(t, "html", orgScan(), opts))
	for _, want := range []string{`id="campaigns"`, `data-campaign="platform-silver"`, `<svg class="burnup"`, `<polyline class="done" points="`, `data-campaign-repo="platform/payments-api"`} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if plain := string(render(t, "html", orgScan(), Options{})); strings.Contains(plain, `id="campaigns"`) {
		t.Error("html without campaigns has a campaigns section")
	}
}

// TestCampaignNote: the merge-request note names, in one line, each
// started campaign the repository is still to do in.
func TestCampaignNote(t *testing.T) {
	t.Parallel()
	scan := fixtureScan(paymentsHead())
	statuses := campaign.Evaluate([]config.Campaign{{
		ID: "pay", Title: "Payments at silver", Target: config.CampaignTarget{Level: scorecard.Silver},
		Scope: config.CampaignScope{Teams: []string{"payments"}}, Starts: fixtureNow.AddDate(0, 0, -10), Due: fixtureNow.AddDate(0, 0, 20),
	}}, scan, nil, fixtureNow)
	md := string(render(t, "markdown", scan, Options{Campaigns: statuses, Comparison: fixtureComparison()}))
	want := "**Campaign:** Payments at silver still needs `build.base-image-pinned`, `security.sast`, `test.coverage` here · due 2025-04-04, 20 days left\n"
	if !strings.Contains(md, want) {
		t.Errorf("note lacks %q:\n%s", want, md)
	}
	if strings.Count(md, "**Campaign:**") != 1 {
		t.Errorf("note names the campaign more than once:\n%s", md)
	}
}
