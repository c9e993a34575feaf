package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// terminalWidth is the width in columns of the terminal w writes to, or 0
// when w is not a terminal (a pipe, a file, a CI log): output that is not
// read on a terminal is never wrapped.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width < 20 {
		return 0
	}
	return width
}
