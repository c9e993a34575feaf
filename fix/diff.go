package fix

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// context is the number of unchanged lines around each hunk, as git uses.
const context = 3

type diffLine struct {
	op   byte // ' ', '-' or '+'
	text string
}

// lineDiff diffs old and new line by line.
func lineDiff(old, new string) []diffLine {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(old, new)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out []diffLine
	for _, d := range diffs {
		op := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l != "" {
				out = append(out, diffLine{op, l})
			}
		}
	}
	return out
}

// WriteDiff prints changes as a unified diff with git headers, so that
// `git apply` (and `patch -p1`) accept it. Files whose content does not
// change are left out.
func WriteDiff(w io.Writer, changes []Change) error {
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		if !c.Created && string(c.Old) == string(c.New) {
			continue
		}
		fmt.Fprintf(bw, "diff --git a/%s b/%s\n", c.Path, c.Path)
		if c.Created {
			mode := c.Mode
			if mode == 0 {
				mode = 0o644
			}
			fmt.Fprintf(bw, "new file mode 100%o\n--- /dev/null\n", mode)
		} else {
			fmt.Fprintf(bw, "--- a/%s\n", c.Path)
		}
		fmt.Fprintf(bw, "+++ b/%s\n", c.Path)
		writeHunks(bw, lineDiff(string(c.Old), string(c.New)))
	}
	return bw.Flush()
}

// writeHunks groups the changed lines into hunks with context lines of
// unchanged text around them, merging hunks whose context would overlap.
func writeHunks(w io.Writer, lines []diffLine) {
	var changed []int
	for i, l := range lines {
		if l.op != ' ' {
			changed = append(changed, i)
		}
	}
	for k := 0; k < len(changed); {
		start := max(changed[k]-context, 0)
		end := changed[k]
		for k < len(changed) && changed[k]-end <= 2*context {
			end = changed[k]
			k++
		}
		end = min(end+context, len(lines)-1)
		// Line numbers of the hunk's first line in the old and new file.
		oldLine, newLine := 1, 1
		for _, l := range lines[:start] {
			if l.op != '+' {
				oldLine++
			}
			if l.op != '-' {
				newLine++
			}
		}
		oldLen, newLen := 0, 0
		for _, l := range lines[start : end+1] {
			if l.op != '+' {
				oldLen++
			}
			if l.op != '-' {
				newLen++
			}
		}
		if oldLen == 0 {
			oldLine--
		}
		if newLen == 0 {
			newLine--
		}
		fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(oldLine, oldLen), hunkRange(newLine, newLen))
		for _, l := range lines[start : end+1] {
			fmt.Fprintf(w, "%c%s", l.op, l.text)
			if !strings.HasSuffix(l.text, "\n") {
				fmt.Fprint(w, "\n\\ No newline at end of file\n")
			}
		}
	}
}

func hunkRange(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
