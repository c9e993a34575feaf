package main

import (
	"os"
	"sync"
)

// debugLog is the file --debug-log names: the stack of a panic that became
// one repository's error row is appended there (docs/bounds.md). The file
// is opened for each record, so that nothing is created when nothing went
// wrong and no descriptor outlives the write; records from concurrent
// repositories do not interleave.
type debugLog struct {
	path string
	mu   sync.Mutex
}

// Write appends p, one record, to the file (created 0600: a stack may
// quote repository content).
func (d *debugLog) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, err := os.OpenFile(d.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := f.Write(p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
