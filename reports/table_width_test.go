package reports

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Issue 15 item 7: on a terminal (Options.Width set) no line of the table
// report is wider than the terminal; without a width nothing is wrapped.
func TestTableFitsTheTerminalWidth(t *testing.T) {
	t.Parallel()
	plain := string(render(t, "table", repoScan(), Options{}))
	widest := 0
	for _, l := range strings.Split(plain, "\n") {
		widest = max(widest, utf8.RuneCountInString(l))
	}
	const width = 80
	if widest <= width {
		t.Fatalf("the fixture's widest line is %d columns; it cannot show wrapping at %d", widest, width)
	}
	out := string(render(t, "table", repoScan(), Options{Width: width}))
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("%d columns, wider than %d: %q", n, width, l)
		}
	}
	for _, id := range []string{"security.container-non-root", "build.ci-pipeline"} {
		if strings.Contains(plain, id) && !strings.Contains(out, id) {
			t.Errorf("wrapping broke the check id %s", id)
		}
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n          int
		word, want string
	}{
		{1, "repository", "1 repository"}, {7, "repository", "7 repositories"}, {2, "key", "2 keys"},
		{0, "repo", "0 repos"}, {2, "match", "2 matches"}, {1, "error", "1 error"}, {3, "error", "3 errors"},
	} {
		if got := plural(tt.n, tt.word); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.word, got, tt.want)
		}
	}
}

// Issue 15 item 7: the organisation view (summary line, repository and
// team tables, the not-scanned list) fits the terminal too.
func TestOrgTableFitsTheTerminalWidth(t *testing.T) {
	t.Parallel()
	opts := Options{Previous: previousScan(), Title: "Golden path of ACME Corporation, every team and every service"}
	plain := string(render(t, "table", orgScan(), opts))
	for _, width := range []int{60, 80} {
		widest := 0
		for _, l := range strings.Split(plain, "\n") {
			widest = max(widest, utf8.RuneCountInString(l))
		}
		if widest <= width {
			t.Fatalf("the fixture's widest line is %d columns; it cannot show wrapping at %d", widest, width)
		}
		opts.Width = width
		out := string(render(t, "table", orgScan(), opts))
		for _, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("width %d: %d columns: %q", width, n, l)
			}
		}
		for _, want := range []string{"payments-", "legacy-cron", "authentication", "unowned", "added,"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: wrapping lost %q", width, want)
			}
		}
	}
}
