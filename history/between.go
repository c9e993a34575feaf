package history

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/scoredev/score/scorecard"
)

// ScansBetween loads the stored scans that finished on the days from
// through to (UTC calendar days, both included), in the order they were
// saved: the points of a campaign's burn-up (package campaign).
func (s *Store) ScansBetween(ctx context.Context, from, to time.Time) ([]*scorecard.Scan, error) {
	sums, err := s.ListScans(ctx, 0)
	if err != nil {
		return nil, err
	}
	first := utcDay(from)
	last := utcDay(to).AddDate(0, 0, 1)
	var out []*scorecard.Scan
	for _, sum := range slices.Backward(sums) { // oldest first
		if f := sum.FinishedAt.UTC(); f.Before(first) || !f.Before(last) {
			continue
		}
		scan, err := s.LoadScan(ctx, sum.ID)
		if err != nil {
			return nil, fmt.Errorf("scans between %s and %s: %w", first.Format(time.DateOnly), to.Format(time.DateOnly), err)
		}
		out = append(out, scan)
	}
	return out, nil
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
