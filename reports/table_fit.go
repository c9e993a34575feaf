package reports

import (
	"bytes"
	"errors"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// minCellWidth is the narrowest a wrapped column gets.
const minCellWidth = 6

// writeFitTable writes rows as an ASCII table at most width columns wide
// (width 0: as wide as it takes). It first narrows the columns listed in
// wrap, widest first, breaking their cells after a slash, hyphen or space
// (or anywhere, for a longer word); when even that is too wide, it writes
// each row as one wrapped line of "header value" pairs instead. short,
// when set, are narrower headers to try before that, explained by legend.
func writeFitTable(ew *errWriter, header []string, align tw.Alignment, rows [][]string, width int, wrap []int, short []string, legend string) error {
	err := fitTable(ew, header, align, rows, width, wrap)
	if err == errTooWide && short != nil {
		if err = fitTable(ew, short, align, rows, width, wrap); err == nil {
			ew.printf("%s\n", wrapText(legend, "  ", width))
		}
	}
	if err != errTooWide {
		return err
	}
	for _, row := range rows {
		parts := make([]string, len(row))
		for i, cell := range row {
			parts[i] = header[i] + " " + strings.ReplaceAll(cell, "\n", " ")
		}
		ew.printf("%s\n", wrapText(strings.Join(parts, " · "), "    ", width))
	}
	return nil
}

// errTooWide says a table could not be fitted and nothing was written.
var errTooWide = errors.New("table too wide")

// fitTable writes the table when it fits width, narrowing the columns of
// wrap as needed, and returns errTooWide, having written nothing, when it
// cannot.
func fitTable(ew *errWriter, header []string, align tw.Alignment, rows [][]string, width int, wrap []int) error {
	render := func(rows [][]string) ([]byte, error) {
		var buf bytes.Buffer
		t := newTable(&buf, header, align, 0)
		for _, row := range rows {
			if err := t.Append(row); err != nil {
				return nil, err
			}
		}
		err := t.Render()
		return buf.Bytes(), err
	}
	out, err := render(rows)
	if err != nil || width <= 0 || widestLine(out) <= width {
		if err == nil {
			_, _ = ew.Write(out)
		}
		return err
	}
	// Column widths as rendered, then narrow the wrappable ones.
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = visibleWidth(h)
		for _, row := range rows {
			for _, l := range strings.Split(row[i], "\n") {
				widths[i] = max(widths[i], visibleWidth(l))
			}
		}
	}
	total := func() int {
		n := 1
		for _, w := range widths {
			n += w + 3
		}
		return n
	}
	for total() > width {
		widest := -1
		for _, i := range wrap {
			if widths[i] > max(minCellWidth, visibleWidth(header[i])) && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
	}
	if total() <= width {
		wrapped := make([][]string, len(rows))
		for r, row := range rows {
			wrapped[r] = append([]string(nil), row...)
			for _, i := range wrap {
				wrapped[r][i] = breakCell(row[i], widths[i])
			}
		}
		if out, err = render(wrapped); err != nil {
			return err
		}
		if widestLine(out) <= width {
			_, _ = ew.Write(out)
			return nil
		}
	}
	return errTooWide
}

func widestLine(b []byte) int {
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		n = max(n, visibleWidth(l))
	}
	return n
}

// breakCell breaks s into lines of at most w runes, after the last slash,
// hyphen or space that fits, else at w. Cells with colour codes are left
// whole.
func breakCell(s string, w int) string {
	if w <= 0 || visibleWidth(s) != len([]rune(s)) {
		return s
	}
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		rs := []rune(line)
		for len(rs) > w {
			cut := w
			for i := w - 1; i > 0; i-- {
				if rs[i] == '/' || rs[i] == '-' || rs[i] == ' ' {
					cut = i + 1
					break
				}
			}
			lines = append(lines, strings.TrimRight(string(rs[:cut]), " "))
			rs = rs[cut:]
		}
		lines = append(lines, string(rs))
	}
	return strings.Join(lines, "\n")
}
