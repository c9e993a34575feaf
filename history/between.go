package history

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/scoredev/score/scorecard"
)

// ScansBetween loads, for each day from through to (UTC calendar days,
// both included), the last stored scan that finished on it, oldest first:
// the points of a campaign's burn-up (package campaign). One scan a day
// is the burn-up's grain, and it bounds the reading when scans run more
// often.
//
// The scans are outlines, read for counting over many scans: each
// repository keeps its name, team, path, level and error, and each check
// only its id, level and outcome (no titles, findings or evidence); the
// team rollups are left out. LoadScan reads a whole scan.
func (s *Store) ScansBetween(ctx context.Context, from, to time.Time) ([]*scorecard.Scan, error) {
	sums, err := s.ListScans(ctx, 0)
	if err != nil {
		return nil, err
	}
	first := utcDay(from)
	last := utcDay(to).AddDate(0, 0, 1)
	// sums are newest first (by id); keep the first seen of each day.
	var days []ScanSummary
	seen := map[time.Time]bool{}
	for _, sum := range sums {
		f := sum.FinishedAt.UTC()
		if f.Before(first) || !f.Before(last) || seen[utcDay(f)] {
			continue
		}
		seen[utcDay(f)] = true
		days = append(days, sum)
	}
	slices.SortStableFunc(days, func(a, b ScanSummary) int { return a.FinishedAt.Compare(b.FinishedAt) })
	var out []*scorecard.Scan
	for _, sum := range days {
		scan, err := s.outline(ctx, sum)
		if err != nil {
			return nil, fmt.Errorf("scans between %s and %s: %w", first.Format(time.DateOnly), to.Format(time.DateOnly), err)
		}
		out = append(out, scan)
	}
	return out, nil
}

// outlineRepo is the part of a stored row that ScansBetween keeps;
// decoding into it skips the rest of the row's JSON without keeping it.
type outlineRepo struct {
	Path   string `json:"path"`
	Checks []struct {
		ID      string            `json:"id"`
		Level   string            `json:"level"`
		Outcome scorecard.Outcome `json:"outcome"`
	} `json:"checks"`
}

func (s *Store) outline(ctx context.Context, sum ScanSummary) (*scorecard.Scan, error) {
	scan := &scorecard.Scan{StartedAt: sum.StartedAt, FinishedAt: sum.FinishedAt,
		Tool: scorecard.Tool{Version: sum.ToolVersion}, Policy: scorecard.Policy{Digest: sum.PolicyDigest}}
	rows, err := s.db.QueryContext(ctx, `SELECT name, team, level, error, result_json FROM repo_results WHERE scan_id = ? ORDER BY position`, sum.ID)
	if err != nil {
		return nil, fmt.Errorf("scan %d: %w", sum.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r scorecard.Repo
		var data []byte
		if err := rows.Scan(&r.Name, &r.Team, &r.Level, &r.Error, &data); err != nil {
			return nil, fmt.Errorf("scan %d: %w", sum.ID, err)
		}
		var o outlineRepo
		if err := json.Unmarshal(data, &o); err != nil {
			return nil, fmt.Errorf("scan %d: repository %s: %w", sum.ID, r.Name, err)
		}
		r.Path = o.Path
		r.Checks = make([]scorecard.CheckResult, len(o.Checks))
		for i, c := range o.Checks {
			r.Checks[i] = scorecard.CheckResult{ID: c.ID, Level: c.Level, Outcome: c.Outcome}
		}
		scan.Repos = append(scan.Repos, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scan %d: %w", sum.ID, err)
	}
	return scan, nil
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
