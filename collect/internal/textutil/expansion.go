package textutil

// Bounds on variable expansion. A chain of `ARG A2=${A1}${A1}` doubles
// the value at every line, so thirty lines ask for gigabytes: an
// expansion whose result could exceed MaxExpansion is not attempted, and
// once a file's expansions have produced MaxExpansionTotal bytes the
// rest stay as written. Both are far above anything a real Dockerfile
// needs (see docs/bounds.md).
const (
	MaxExpansion      = 64 << 10
	MaxExpansionTotal = 4 << 20
)
