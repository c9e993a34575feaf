package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"github.com/scoredev/score/scorecard"
)

// DefaultPath is where the history lives unless told otherwise:
// $XDG_DATA_HOME/score/history.db, else ~/.local/share/score/history.db
// (on Windows, under the local application data folder). The environment
// is read through getenv: the command's, never the process's, so that the
// caller (and its tests) decides which environment counts.
func DefaultPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "score", "history.db"), nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "score", "history.db"), nil
		}
		return "", fmt.Errorf("history location: %%LocalAppData%% is not set")
	}
	home := getenv("HOME")
	if home == "" {
		return "", fmt.Errorf("history location: $HOME is not set")
	}
	return filepath.Join(home, ".local", "share", "score", "history.db"), nil
}

// ScanScores is a stored scan's scores: how many repositories, their mean
// score and how many are at each level, over those scanned without error
// (scorecard.OrgSummary's definitions).
type ScanScores struct {
	ScanSummary
	Summary scorecard.Summary `json:"summary"`
}

// RepoScore is one repository's stored result in one scan.
type RepoScore struct {
	ScanID     int64     `json:"scan_id"`
	FinishedAt time.Time `json:"finished_at"`
	Name       string    `json:"name"`
	Team       string    `json:"team,omitempty"`
	Commit     string    `json:"commit,omitempty"`
	Score      float64   `json:"score"`
	Level      string    `json:"level"`
	Error      string    `json:"error,omitempty"`
}

// ListScores is ListScans with each scan's scores, newest first.
func (s *Store) ListScores(ctx context.Context, limit int) ([]ScanScores, error) {
	scans, err := s.ListScans(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ScanScores, len(scans))
	for i, sum := range scans {
		scan, err := s.LoadScores(ctx, sum.ID)
		if err != nil {
			return nil, err
		}
		out[i] = ScanScores{ScanSummary: sum, Summary: scorecard.OrgSummary(scan.Repos)}
	}
	return out, nil
}

// LoadScores reads a stored scan with only what its scores need: each
// repository's name, URL, commit, team, score, level and error, without
// checks or findings. It is much cheaper than LoadScan for charts over many
// scans.
func (s *Store) LoadScores(ctx context.Context, id int64) (*scorecard.Scan, error) {
	var scan scorecard.Scan
	var started, finished string
	err := s.db.QueryRowContext(ctx, `SELECT started_at, finished_at, tool_version, policy_digest, scan_schema
		FROM scans WHERE id = ?`, id).Scan(&started, &finished, &scan.Tool.Version, &scan.Policy.Digest, &scan.Schema)
	if err != nil {
		return nil, fmt.Errorf("load scores of scan %d: %w", id, noScan(err))
	}
	if scan.StartedAt, err = parseTime(started); err != nil {
		return nil, fmt.Errorf("load scores of scan %d: %w", id, err)
	}
	if scan.FinishedAt, err = parseTime(finished); err != nil {
		return nil, fmt.Errorf("load scores of scan %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, url, "commit", team, score, level, error
		FROM repo_results WHERE scan_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("load scores of scan %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r scorecard.Repo
		if err := rows.Scan(&r.Name, &r.URL, &r.Commit, &r.Team, &r.Score, &r.Level, &r.Error); err != nil {
			return nil, fmt.Errorf("load scores of scan %d: %w", id, err)
		}
		scan.Repos = append(scan.Repos, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load scores of scan %d: %w", id, err)
	}
	return &scan, nil
}

// RepoScores lists one repository's stored results, newest first, at most
// limit of them (all when limit <= 0).
func (s *Store) RepoScores(ctx context.Context, name string, limit int) ([]RepoScore, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.scan_id, s.finished_at, r.name, r.team, r."commit", r.score, r.level, r.error
		FROM repo_results r JOIN scans s ON s.id = r.scan_id
		WHERE r.name = ? ORDER BY r.scan_id DESC LIMIT ?`, name, limit)
	if err != nil {
		return nil, fmt.Errorf("scores of %s: %w", name, err)
	}
	defer rows.Close()
	var out []RepoScore
	for rows.Next() {
		var rs RepoScore
		var finished string
		if err := rows.Scan(&rs.ScanID, &finished, &rs.Name, &rs.Team, &rs.Commit, &rs.Score, &rs.Level, &rs.Error); err != nil {
			return nil, fmt.Errorf("scores of %s: %w", name, err)
		}
		if rs.FinishedAt, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("scores of %s: scan %d: %w", name, rs.ScanID, err)
		}
		out = append(out, rs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scores of %s: %w", name, err)
	}
	return out, nil
}

// noScan turns "no rows" into ErrNoScan.
func noScan(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoScan
	}
	return err
}
