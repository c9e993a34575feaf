package reports

import (
	"strings"

	"github.com/scoredev/score/scorecard"
)

// erroredNote is the table header's count of checks whose evaluation
// failed, "" when none did.
func erroredNote(r scorecard.Repo, p palette) string {
	n := len(scorecard.ErroredChecks(r))
	if n == 0 {
		return ""
	}
	return "  " + p.red(plural(n, "check")+" errored")
}

// markdownErrored says which checks could not be evaluated, before the
// rest of a repository's Markdown: they count as failing, and a reader
// must not take them for ordinary failures.
func markdownErrored(ew *errWriter, r scorecard.Repo) {
	ids := scorecard.ErroredChecks(r)
	if len(ids) == 0 {
		return
	}
	codes := make([]string, len(ids))
	for i, id := range ids {
		codes[i] = mdCode(id, false)
	}
	ew.printf("**%s errored** (%s): the policy failed at run time, so the check counts as failing; the error is shown with it.\n\n",
		plural(len(ids), "check"), strings.Join(codes, ", "))
}
