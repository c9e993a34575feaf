package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/scoredev/score/scorecard"
)

// explainCheck prints one check's outcome, the reason for it, its
// findings and the evidence it rests on. An id the repository was not
// checked against is a usage error naming the known ones.
func explainCheck(w io.Writer, r scorecard.Repo, id string) error {
	i := slices.IndexFunc(r.Checks, func(c scorecard.CheckResult) bool { return c.ID == id })
	if i < 0 {
		ids := make([]string, len(r.Checks))
		for j, c := range r.Checks {
			ids[j] = c.ID
		}
		return usageErrorf("--explain %q: no such check (known: %s)", id, strings.Join(ids, ", "))
	}
	c := r.Checks[i]
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", c.ID, c.Title)
	fmt.Fprintf(&b, "outcome: %s (%s, weight %d, %s)\n", c.Outcome, c.Level, c.Weight, c.Category)
	fmt.Fprintf(&b, "reason:  %s\n", c.Reason)
	list := func(title string, fs []scorecard.Finding) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", title)
		for _, f := range fs {
			loc := f.Path
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", f.Path, f.Line)
			}
			if loc != "" {
				loc += "  "
			}
			fmt.Fprintf(&b, "  %s%s\n", loc, f.Message)
		}
	}
	list("findings", c.Findings)
	list("evidence", c.Evidence)
	if len(c.Evidence) == 0 && !c.Outcome.Failing() {
		b.WriteString("evidence: none recorded (the check's policy names none for this outcome)\n")
	}
	if c.Outcome.Failing() && c.Remediation != "" {
		fmt.Fprintf(&b, "fix: %s\n", strings.Join(strings.Fields(c.Remediation), " "))
	}
	_, err := io.WriteString(w, sanitizeTerminal(b.String()))
	return err
}

// sanitizeTerminal replaces control characters other than newline and tab,
// so that repository text cannot drive the terminal.
func sanitizeTerminal(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return '\uFFFD'
		}
		return r
	}, s)
}
