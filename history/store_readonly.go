package history

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// OpenReadOnly opens an existing history for reading only (score history,
// diff and report): nothing is created, migrated or written, so a store
// whose file is read-only (mode 0444) or lies in a read-only folder works.
// A store in WAL mode in a read-only folder, where SQLite cannot make its
// shared-memory file, is read as immutable. A store whose schema is older
// than this score's is refused with a hint to run a scan, which migrates
// it; a newer one as in Open.
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	var firstErr error
	for _, extra := range []string{"", "&immutable=1"} {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
		dsn := u.String() + "?mode=ro" + extra + "&_pragma=busy_timeout(10000)&_query_only=1"
		s, err := openReadOnly(dsn, path)
		if err == nil {
			return s, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

func openReadOnly(dsn, path string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	var version int
	if err := db.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&version); err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	switch {
	case version > len(migrations):
		db.Close()
		return nil, fmt.Errorf("open history %s: schema version %d is newer than this score understands (%d); upgrade score", path, version, len(migrations))
	case version < len(migrations):
		db.Close()
		return nil, fmt.Errorf("open history %s: schema version %d is older than this score's (%d); run 'score scan' once to upgrade it", path, version, len(migrations))
	}
	return &Store{db: db, path: path}, nil
}
