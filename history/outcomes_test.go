package history

import (
	"context"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// TestOutcomesStored: each scan's delivery measures are kept per
// repository, an empty measure as NULL with its reason, and read back in
// scan order; a scan without outcomes stores none.
func TestOutcomesStored(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	for day, freq := range []float64{0.5, 1.25} {
		scan := storeScan(2, day+1, "c")
		o := &scorecard.Outcomes{WindowDays: 90}
		o.DeploymentFrequency.Unit, o.DeploymentFrequency.Source = "per_day", "gitlab-api"
		o.DeploymentFrequency.Set(scorecard.DeploymentFrequency, freq, 10)
		o.TimeToRestore.Empty("no incidents")
		scan.Repos[0].Outcomes = o
		if _, err := s.SaveScan(ctx, scan); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SaveScan(ctx, storeScan(2, 3, "c")); err != nil {
		t.Fatal(err)
	}
	got, err := s.OutcomeHistory(ctx, "group/svc-0000", scorecard.DeploymentFrequency)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Value == nil || *got[0].Value != 0.5 || *got[1].Value != 1.25 || got[1].Band != "elite" || got[0].Source != "gitlab-api" {
		t.Fatalf("deployment frequency history = %+v", got)
	}
	ttr, err := s.OutcomeHistory(ctx, "group/svc-0000", scorecard.TimeToRestore)
	if err != nil || len(ttr) != 2 || ttr[0].Value != nil || ttr[0].Reason != "no incidents" {
		t.Fatalf("time to restore history = %+v, %v", ttr, err)
	}
	if none, _ := s.OutcomeHistory(ctx, "group/svc-0001", scorecard.LeadTime); len(none) != 0 {
		t.Errorf("a repository without outcomes has history %+v", none)
	}
}
