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

// TestSaveScanSurvivesRepeatedComponentNames: a repository whose document
// repeats a component name (one merged from elsewhere) once made the whole
// scan's save fail on the table's key, and a rescan then found nothing to
// reuse. The scan is saved; the first row of the name is kept.
func TestSaveScanSurvivesRepeatedComponentNames(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	repo := scorecard.WithComponents(scorecard.Repo{Name: "shop"}, []scorecard.Component{
		{Name: "storefront", Path: "apps/storefront", Score: 80, Level: scorecard.Bronze},
		{Name: "storefront", Path: "services/storefront", Score: 40, Level: scorecard.None},
	})
	other := scorecard.Repo{Name: "billing", Score: 90, Level: scorecard.Silver}
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	id, err := s.SaveScan(context.Background(), &scorecard.Scan{Schema: scorecard.Schema, StartedAt: now, FinishedAt: now, Repos: []scorecard.Repo{repo, other}})
	if err != nil {
		t.Fatal(err)
	}
	scan, err := s.LoadScan(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(scan.Repos) != 2 || len(scan.Repos[0].Components) != 2 {
		t.Fatalf("loaded %d repositories, the first with %d components", len(scan.Repos), len(scan.Repos[0].Components))
	}
	got, err := s.Components(context.Background(), id)
	if err != nil || len(got) != 1 || got[0].Path != "apps/storefront" {
		t.Fatalf("component rows: %+v, %v", got, err)
	}
}
