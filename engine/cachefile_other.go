//go:build !unix

package engine

// mappedEntry is a load cache entry read whole: mapping it is done on
// Unix systems only (cachefile_unix.go).
type mappedEntry struct{ b []byte }

func mapEntry(path string, limit int64) (*mappedEntry, error) {
	b, err := readCapped(path, limit)
	if err != nil {
		return nil, err
	}
	return &mappedEntry{b: b}, nil
}
