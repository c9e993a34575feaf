package collect

import (
	"sync/atomic"

	"github.com/scoredev/score/facts"
)

// faultHook runs before every collector when set. It exists so that tests
// of the commands can make a collector panic during a real scan and see
// the scan survive it; nothing in score sets it.
var faultHook atomic.Pointer[func(collector string, repo facts.RepoInfo)]

// SetFaultHook installs f to run before every collector of every
// collection (f may panic) and returns a function restoring the previous
// hook. For tests only.
func SetFaultHook(f func(collector string, repo facts.RepoInfo)) (restore func()) {
	prev := faultHook.Swap(&f)
	return func() { faultHook.Store(prev) }
}
