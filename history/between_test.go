package history

import (
	"context"
	"testing"
	"time"
)

// TestScansBetween: the window is whole UTC days, both ends included,
// whatever offset a scan was written with; of two scans on one day, the
// one saved last counts.
func TestScansBetween(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	plus2 := time.FixedZone("+02", 2*3600)
	finishes := []time.Time{
		time.Date(2026, 2, 28, 23, 59, 0, 0, time.UTC),  // the day before: out
		time.Date(2026, 3, 1, 1, 0, 0, 0, plus2),        // 2026-02-28 23:00 UTC: out
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),     // first day: in
		time.Date(2026, 3, 10, 23, 59, 59, 0, time.UTC), // last day: in
		time.Date(2026, 3, 11, 1, 30, 0, 0, plus2),      // 2026-03-10 23:30 UTC: in
		time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC),    // the day after: out
	}
	for _, f := range finishes {
		scan := storeScan(1, 1, "c")
		scan.StartedAt, scan.FinishedAt = f.Add(-time.Minute), f
		if _, err := s.SaveScan(ctx, scan); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ScansBetween(ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{finishes[2], finishes[4]}
	if len(got) != len(want) {
		t.Fatalf("ScansBetween = %d scans, want %d", len(got), len(want))
	}
	for i, scan := range got {
		if !scan.FinishedAt.Equal(want[i]) || len(scan.Repos) != 1 || len(scan.Repos[0].Checks) != 3 || scan.Repos[0].Checks[1].Outcome != "fail" {
			t.Errorf("scan %d finished %v with %d repos, want %v with 1", i, scan.FinishedAt, len(scan.Repos), want[i])
		}
	}
}
