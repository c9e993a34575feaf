package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/scoredev/score/scorecard"
)

const outcomesMigration = `CREATE TABLE repo_outcomes (
		scan_id     INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
		name        TEXT NOT NULL,
		measure     TEXT NOT NULL,
		value       REAL,
		unit        TEXT NOT NULL DEFAULT '',
		source      TEXT NOT NULL DEFAULT '',
		band        TEXT NOT NULL DEFAULT '',
		count       INTEGER NOT NULL DEFAULT 0,
		reason      TEXT NOT NULL DEFAULT '',
		window_days INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (scan_id, name, measure)
	);
	CREATE INDEX repo_outcomes_name ON repo_outcomes (name, measure, scan_id);`

// saveOutcomes writes each repository's delivery measures beside its
// result, inside the scan's transaction.
func saveOutcomes(ctx context.Context, tx *sql.Tx, id int64, scan *scorecard.Scan) error {
	var stmt *sql.Stmt
	for _, r := range scan.Repos {
		if r.Outcomes == nil {
			continue
		}
		if stmt == nil {
			var err error
			stmt, err = tx.PrepareContext(ctx, `INSERT OR REPLACE INTO repo_outcomes
				(scan_id, name, measure, value, unit, source, band, count, reason, window_days)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				return err
			}
			defer stmt.Close()
		}
		for _, name := range scorecard.MeasureNames {
			m := r.Outcomes.Get(name)
			var v sql.NullFloat64
			if m.Value != nil {
				v = sql.NullFloat64{Float64: *m.Value, Valid: true}
			}
			if _, err := stmt.ExecContext(ctx, id, r.Name, name, v, m.Unit, m.Source, m.Band, m.Count, m.Reason, r.Outcomes.WindowDays); err != nil {
				return fmt.Errorf("repository %s: outcome %s: %w", r.Name, name, err)
			}
		}
	}
	return nil
}

// OutcomePoint is one stored value of a delivery measure.
type OutcomePoint struct {
	ScanID     int64     `json:"scan_id"`
	FinishedAt time.Time `json:"finished_at"`
	// Value is nil when the measure was empty; Reason then says why.
	Value  *float64 `json:"value,omitempty"`
	Source string   `json:"source,omitempty"`
	Band   string   `json:"band,omitempty"`
	Reason string   `json:"reason,omitempty"`
}

// OutcomeHistory returns a repository's stored values of one measure
// (scorecard.MeasureNames), oldest scan first.
func (s *Store) OutcomeHistory(ctx context.Context, repo, measure string) ([]OutcomePoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.scan_id, s.finished_at, o.value, o.source, o.band, o.reason
		FROM repo_outcomes o JOIN scans s ON s.id = o.scan_id
		WHERE o.name = ? AND o.measure = ? ORDER BY o.scan_id`, repo, measure)
	if err != nil {
		return nil, fmt.Errorf("outcome history of %s: %w", repo, err)
	}
	defer rows.Close()
	var out []OutcomePoint
	for rows.Next() {
		var p OutcomePoint
		var finished string
		var v sql.NullFloat64
		if err := rows.Scan(&p.ScanID, &finished, &v, &p.Source, &p.Band, &p.Reason); err != nil {
			return nil, fmt.Errorf("outcome history of %s: %w", repo, err)
		}
		if p.FinishedAt, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("outcome history of %s: scan %d: %w", repo, p.ScanID, err)
		}
		if v.Valid {
			p.Value = &v.Float64
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
