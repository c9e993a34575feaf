package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/scoredev/score/scorecard"
)

// ErrNoScan is returned when the history holds no scan that matches.
var ErrNoScan = errors.New("no such scan in the history")

// Store is the history of scans in one SQLite file. Each scan is written
// in one transaction, so a scan killed half-way leaves no trace; the file is
// in WAL mode so that readers (score report, score diff) never block a
// running scan. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
}

// migrations bring the schema from version i to i+1; the file's
// user_version records how many have run. Append, never edit.
var migrations = []string{
	`CREATE TABLE scans (
		id            INTEGER PRIMARY KEY AUTOINCREMENT,
		started_at    TEXT NOT NULL,
		finished_at   TEXT NOT NULL,
		tool_version  TEXT NOT NULL DEFAULT '',
		policy_digest TEXT NOT NULL DEFAULT '',
		source        TEXT NOT NULL DEFAULT '',
		scan_schema   TEXT NOT NULL DEFAULT '',
		repo_count    INTEGER NOT NULL DEFAULT 0,
		teams_json    TEXT NOT NULL DEFAULT '[]'
	);
	CREATE TABLE repo_results (
		scan_id     INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
		position    INTEGER NOT NULL,
		name        TEXT NOT NULL,
		url         TEXT NOT NULL DEFAULT '',
		"commit"    TEXT NOT NULL DEFAULT '',
		team        TEXT NOT NULL DEFAULT '',
		score       REAL NOT NULL DEFAULT 0,
		level       TEXT NOT NULL DEFAULT '',
		error       TEXT NOT NULL DEFAULT '',
		result_json TEXT NOT NULL,
		PRIMARY KEY (scan_id, position)
	);
	CREATE INDEX repo_results_name_scan ON repo_results (name, scan_id);`,
	// The reuse key of the result (Repo.ReuseKey): rows written before it
	// existed have none and are never reused.
	`ALTER TABLE repo_results ADD COLUMN reuse_key TEXT NOT NULL DEFAULT '';`,
	// Delivery measures per repository and scan (score scan --outcomes),
	// one row per measure; value is NULL when the measure is empty.
	outcomesMigration,
	// The golden paths the scan was scored with (history/paths.go).
	`ALTER TABLE scans ADD COLUMN paths_json TEXT NOT NULL DEFAULT '[]';`,
	// A monorepo's components, one row each (history/components.go); the
	// full component scorecards stay in result_json.
	componentsMigration,
}

// Open opens the history at path, creating the file, its folder and its
// schema as needed, and migrating an older schema forward. A file written
// by a newer score is refused rather than misread.
func Open(path string) (*Store, error) {
	if strings.Contains(path, "?") { // the driver reads options after a ?
		return nil, fmt.Errorf("open history %s: the path may not contain ?", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open history %s: %w", path, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate") // writers queue at BEGIN instead of failing to upgrade
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this score understands (%d); upgrade score", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", i+1, err)
		}
		// PRAGMA takes no parameters; i is an int.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store reads and writes.
func (s *Store) Path() string { return s.path }

// Check runs SQLite's integrity check and returns an error describing any
// damage.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check history %s: %w", s.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("history %s is damaged: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// saveRowHook, when set (by tests only), runs after each repository row is
// written inside the transaction.
var saveRowHook func(n int)

// SaveScan writes a scan and all its repositories in one transaction and
// returns its id. Ids grow: a later scan has a larger id.
func (s *Store) SaveScan(ctx context.Context, scan *scorecard.Scan) (int64, error) {
	return s.SaveScanWithSource(ctx, scan, "")
}

// SaveScanWithSource is SaveScan that also records what was scanned (for
// example "gitlab:platform" or "repos:repos.yaml"), for ListScans.
func (s *Store) SaveScanWithSource(ctx context.Context, scan *scorecard.Scan, source string) (id int64, err error) {
	teams, err := json.Marshal(scan.Teams)
	if err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	res, err := tx.ExecContext(ctx, `INSERT INTO scans
		(started_at, finished_at, tool_version, policy_digest, source, scan_schema, repo_count, teams_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(scan.StartedAt), formatTime(scan.FinishedAt), scan.Tool.Version, scan.Policy.Digest,
		source, scan.Schema, len(scan.Repos), string(teams))
	if err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	if err = savePaths(ctx, tx, id, scan.Paths); err != nil {
		return 0, err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO repo_results
		(scan_id, position, name, url, "commit", team, score, level, error, result_json, reuse_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	defer stmt.Close()
	for i, r := range scan.Repos {
		data, err := json.Marshal(r)
		if err != nil {
			return 0, fmt.Errorf("save scan: repository %s: %w", r.Name, err)
		}
		if _, err := stmt.ExecContext(ctx, id, i, r.Name, r.URL, r.Commit, r.Team, r.Score, r.Level, r.Error, string(data), r.ReuseKey); err != nil {
			return 0, fmt.Errorf("save scan: repository %s: %w", r.Name, err)
		}
		if err := saveComponents(ctx, tx, id, i, r); err != nil {
			return 0, fmt.Errorf("save scan: repository %s: %w", r.Name, err)
		}
		if saveRowHook != nil {
			saveRowHook(i + 1)
		}
	}
	if err := saveOutcomes(ctx, tx, id, scan); err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("save scan: %w", err)
	}
	return id, nil
}

// formatTime keeps the caller's offset so that a scan reads back as it was
// written.
func formatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// ScanSummary describes a stored scan without its repositories.
type ScanSummary struct {
	ID           int64     `json:"id"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
	ToolVersion  string    `json:"tool_version"`
	PolicyDigest string    `json:"policy_digest"`
	Source       string    `json:"source,omitempty"`
	Repos        int       `json:"repos"`
}

// ListScans returns the newest scans first, at most limit of them (all when
// limit <= 0).
func (s *Store) ListScans(ctx context.Context, limit int) ([]ScanSummary, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, started_at, finished_at, tool_version, policy_digest, source, repo_count
		FROM scans ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	defer rows.Close()
	var out []ScanSummary
	for rows.Next() {
		var sum ScanSummary
		var started, finished string
		if err := rows.Scan(&sum.ID, &started, &finished, &sum.ToolVersion, &sum.PolicyDigest, &sum.Source, &sum.Repos); err != nil {
			return nil, fmt.Errorf("list scans: %w", err)
		}
		if sum.StartedAt, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("list scans: scan %d: %w", sum.ID, err)
		}
		if sum.FinishedAt, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("list scans: scan %d: %w", sum.ID, err)
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	return out, nil
}

// LoadScan reads a stored scan with its repositories in their saved order.
func (s *Store) LoadScan(ctx context.Context, id int64) (*scorecard.Scan, error) {
	var scan scorecard.Scan
	var started, finished, teams string
	err := s.db.QueryRowContext(ctx, `SELECT started_at, finished_at, tool_version, policy_digest, scan_schema, teams_json
		FROM scans WHERE id = ?`, id).Scan(&started, &finished, &scan.Tool.Version, &scan.Policy.Digest, &scan.Schema, &teams)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("load scan %d: %w", id, ErrNoScan)
	}
	if err != nil {
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	if scan.StartedAt, err = parseTime(started); err != nil {
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	if scan.FinishedAt, err = parseTime(finished); err != nil {
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(teams), &scan.Teams); err != nil {
		return nil, fmt.Errorf("load scan %d: teams: %w", id, err)
	}
	if scan.Paths, err = s.loadPaths(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT result_json FROM repo_results WHERE scan_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("load scan %d: %w", id, err)
		}
		var r scorecard.Repo
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("load scan %d: repository row: %w", id, err)
		}
		scan.Repos = append(scan.Repos, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load scan %d: %w", id, err)
	}
	return &scan, nil
}

// LatestScan returns the most recently saved scan and its id, or ErrNoScan.
func (s *Store) LatestScan(ctx context.Context) (int64, *scorecard.Scan, error) {
	return s.scanWhere(ctx, "latest scan", `SELECT max(id) FROM scans`)
}

// PreviousScan returns the newest scan saved before beforeID, or ErrNoScan.
func (s *Store) PreviousScan(ctx context.Context, beforeID int64) (int64, *scorecard.Scan, error) {
	return s.scanWhere(ctx, fmt.Sprintf("scan before %d", beforeID), `SELECT max(id) FROM scans WHERE id < ?`, beforeID)
}

func (s *Store) scanWhere(ctx context.Context, what, query string, args ...any) (int64, *scorecard.Scan, error) {
	var id sql.NullInt64
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(&id); err != nil {
		return 0, nil, fmt.Errorf("%s: %w", what, err)
	}
	if !id.Valid {
		return 0, nil, fmt.Errorf("%s: %w", what, ErrNoScan)
	}
	scan, err := s.LoadScan(ctx, id.Int64)
	if err != nil {
		return 0, nil, err
	}
	return id.Int64, scan, nil
}

// RepoRecord is a repository's stored result with what it was scanned
// with, for deciding whether a rescan can be skipped.
type RepoRecord struct {
	ScanID       int64
	Repo         scorecard.Repo
	PolicyDigest string
	ToolVersion  string
	FinishedAt   time.Time
	// ReuseKey is the key the result was stored with (Repo.ReuseKey).
	ReuseKey string
}

// LatestRepo returns the newest result for a repository that was scanned
// without error. ok is false when there is none. A caller may reuse it when
// Repo.Commit and ReuseKey match what it is about to scan.
func (s *Store) LatestRepo(ctx context.Context, name string) (rec RepoRecord, ok bool, err error) {
	var data, finished string
	err = s.db.QueryRowContext(ctx, `SELECT r.scan_id, r.result_json, s.policy_digest, s.tool_version, s.finished_at, r.reuse_key
		FROM repo_results r JOIN scans s ON s.id = r.scan_id
		WHERE r.name = ? AND r.error = ''
		ORDER BY r.scan_id DESC LIMIT 1`, name).Scan(&rec.ScanID, &data, &rec.PolicyDigest, &rec.ToolVersion, &finished, &rec.ReuseKey)
	if errors.Is(err, sql.ErrNoRows) {
		return RepoRecord{}, false, nil
	}
	if err != nil {
		return RepoRecord{}, false, fmt.Errorf("latest result of %s: %w", name, err)
	}
	if err := json.Unmarshal([]byte(data), &rec.Repo); err != nil {
		return RepoRecord{}, false, fmt.Errorf("latest result of %s: %w", name, err)
	}
	if rec.FinishedAt, err = parseTime(finished); err != nil {
		return RepoRecord{}, false, fmt.Errorf("latest result of %s: %w", name, err)
	}
	return rec, true, nil
}

// Prune deletes all but the newest keep scans and returns how many it
// deleted.
func (s *Store) Prune(ctx context.Context, keep int) (int64, error) {
	if keep < 0 {
		keep = 0
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM scans WHERE id NOT IN (SELECT id FROM scans ORDER BY id DESC LIMIT ?)`, keep)
	if err != nil {
		return 0, fmt.Errorf("prune history: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune history: %w", err)
	}
	return n, nil
}
