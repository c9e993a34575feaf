// Package history is the SQLite store of past scans: save, list, load,
// compare with the previous scan, prune. Only the commands that read or
// write history import it; reports and scorecard never link SQLite (see
// docs/architecture.md).
package history
