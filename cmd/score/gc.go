package main

import (
	"runtime"
	"runtime/debug"
)

// firstGCAt is the heap size at which a one-repository command collects
// garbage for the first time.
const firstGCAt = 24 << 20

// deferFirstGC lets a command that scores one repository and exits
// (check, ci, fix) run without collecting garbage until its heap reaches
// firstGCAt, then collect as usual. With Go's defaults the first
// collections start at 4 MiB and come every few MiB while the policies and
// facts are read, work a short process throws away at exit. Most
// repositories now finish before the first collection; a large one
// collects once at firstGCAt and then as before, so peak memory stays
// bounded (bench/peer.sh measures it on a 5,000-file tree). GOGC or
// GOMEMLIMIT in the environment win.
func deferFirstGC(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	oldPercent := debug.SetGCPercent(-1)
	oldLimit := debug.SetMemoryLimit(firstGCAt)
	// A finalizer runs after the collection that finds its object
	// unreachable: the first one.
	runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	})
}
