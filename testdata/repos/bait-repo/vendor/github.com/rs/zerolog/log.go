// Package zerolog provides a lightweight logging library dedicated to JSON
// logging. (Vendored copy, trimmed for this fixture.)
package zerolog

import "io"

// Logger represents an active logging object.
type Logger struct{ w io.Writer }

// New creates a root logger with given output writer.
func New(w io.Writer) Logger { return Logger{w: w} }
