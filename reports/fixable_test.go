package reports

import (
	"strings"
	"testing"
)

// The checks score fix can fix are marked in the table, Markdown and HTML
// views, with the command to run; without Options.Fixable nothing changes
// (the golden files hold that).
func TestFixableChecksAreMarked(t *testing.T) {
	t.Parallel()
	opts := Options{Fixable: map[string]bool{"ownership.catalog-entry": true}}
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"table", []string{"A service-catalog entry exists  [score fix]", "1 of these can be fixed for you: run `score fix` to see the change, `score fix --apply` to make it."}},
		{"markdown", []string{"<br>*fixable with `score fix`*", "**1 of these can be fixed for you.** In the repository, run `score fix --apply`"}},
		{"html", []string{`<p class="fixable"><code>score fix</code> can fix this: run <code>score fix --check ownership.catalog-entry</code>`}},
	} {
		got := string(render(t, tc.format, repoScan(), opts))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q", tc.format, w)
			}
		}
		if n := strings.Count(got, "score fix --check") + strings.Count(got, "[score fix]") + strings.Count(got, "fixable with"); n != 1 {
			t.Errorf("%s: %d check marks, want 1 (only the fixable check)", tc.format, n)
		}
		plain := string(render(t, tc.format, repoScan(), noOpts()))
		if strings.Contains(plain, "score fix") {
			t.Errorf("%s mentions score fix without Options.Fixable", tc.format)
		}
	}
}
