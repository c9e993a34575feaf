package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/scoredev/score/scorecard"
)

// The golden paths a scan was scored with (scorecard.Scan.Paths) live in
// scans.paths_json; each row's own path is in its result_json already, so
// path adoption and its trend read back from any stored scan.

// savePaths records the scan's paths on its row.
func savePaths(ctx context.Context, tx *sql.Tx, id int64, paths []scorecard.PathInfo) error {
	if len(paths) == 0 {
		return nil
	}
	data, err := json.Marshal(paths)
	if err != nil {
		return fmt.Errorf("save scan: paths: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE scans SET paths_json = ? WHERE id = ?`, string(data), id); err != nil {
		return fmt.Errorf("save scan: paths: %w", err)
	}
	return nil
}

// loadPaths reads a stored scan's paths (none for a scan without them).
func (s *Store) loadPaths(ctx context.Context, id int64) ([]scorecard.PathInfo, error) {
	var data string
	if err := s.db.QueryRowContext(ctx, `SELECT paths_json FROM scans WHERE id = ?`, id).Scan(&data); err != nil {
		return nil, fmt.Errorf("load scan %d: paths: %w", id, err)
	}
	var paths []scorecard.PathInfo
	if err := json.Unmarshal([]byte(data), &paths); err != nil {
		return nil, fmt.Errorf("load scan %d: paths: %w", id, err)
	}
	if len(paths) == 0 {
		return nil, nil
	}
	return paths, nil
}
