package history

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

func TestSaveScanKeepsComponents(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	repo := scorecard.WithComponents(scorecard.Repo{Name: "shop", Team: "platform"}, []scorecard.Component{
		{Name: "orders", Path: "services/orders", Team: "orders", Score: 80, Level: scorecard.Bronze},
		{Name: "billing", Path: "services/billing", Team: "billing", Score: 40, Level: scorecard.None},
	})
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	id, err := s.SaveScan(context.Background(), &scorecard.Scan{Schema: scorecard.Schema, StartedAt: now, FinishedAt: now, Repos: []scorecard.Repo{repo}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Components(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "billing" || got[0].Team != "billing" || got[1].Score != 80 || got[1].Repo != "shop" {
		t.Fatalf("components: %+v", got)
	}
	scan, err := s.LoadScan(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r := scan.Repos[0]; len(r.Components) != 2 || r.Score != 60 || r.Level != scorecard.None {
		t.Fatalf("loaded row: score %v level %s, %d components", r.Score, r.Level, len(r.Components))
	}
}
