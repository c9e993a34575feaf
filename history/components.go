package history

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scoredev/score/scorecard"
)

// componentsMigration adds one row per component of a monorepo
// (docs/architecture.md, "Components"), so that a component's score over
// time is one query; the row's full scorecard is in its repository's
// result_json.
const componentsMigration = `CREATE TABLE component_results (
		scan_id  INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		name     TEXT NOT NULL,
		path     TEXT NOT NULL DEFAULT '',
		team     TEXT NOT NULL DEFAULT '',
		score    REAL NOT NULL DEFAULT 0,
		level    TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (scan_id, position, name)
	);
	CREATE INDEX component_results_team ON component_results (team, scan_id);`

// saveComponents stores the component rows of the repository at position.
// Names are unique in a repository (app gives colliding ones their folder),
// but a scan document merged from elsewhere may repeat one: the first row
// of a name is kept, never the whole scan lost for it (the repository's
// result_json holds every component either way).
func saveComponents(ctx context.Context, tx *sql.Tx, scanID int64, position int, r scorecard.Repo) error {
	for _, c := range r.Components {
		if _, err := tx.ExecContext(ctx, `INSERT INTO component_results (scan_id, position, name, path, team, score, level)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, scanID, position, c.Name, c.Path, c.Team, c.Score, c.Level); err != nil {
			return fmt.Errorf("component %s: %w", c.Name, err)
		}
	}
	return nil
}

// ComponentRecord is one stored component of a scan.
type ComponentRecord struct {
	ScanID int64
	Repo   string
	Name   string
	Path   string
	Team   string
	Score  float64
	Level  string
}

// Components lists the stored components of scan id, by repository
// position and name.
func (s *Store) Components(ctx context.Context, id int64) ([]ComponentRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.scan_id, r.name, c.name, c.path, c.team, c.score, c.level
		FROM component_results c JOIN repo_results r ON r.scan_id = c.scan_id AND r.position = c.position
		WHERE c.scan_id = ? ORDER BY c.position, c.name`, id)
	if err != nil {
		return nil, fmt.Errorf("components of scan %d: %w", id, err)
	}
	defer rows.Close()
	var out []ComponentRecord
	for rows.Next() {
		var c ComponentRecord
		if err := rows.Scan(&c.ScanID, &c.Repo, &c.Name, &c.Path, &c.Team, &c.Score, &c.Level); err != nil {
			return nil, fmt.Errorf("components of scan %d: %w", id, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
