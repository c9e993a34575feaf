package scorecard

import (
	"fmt"
	"strings"
)

// reasonOf says in one sentence why c has its outcome. A check's own
// evidence (its policy's evidence rule) is named when there is some; every
// other check gets the generic reason of its outcome.
func reasonOf(c CheckResult) string {
	switch c.Outcome {
	case Pass:
		if n := len(c.Evidence); n > 0 {
			return fmt.Sprintf("passes: no violation, resting on %s (%s)", countText(n, "piece of evidence", "pieces of evidence"), c.Evidence[0].Message+more(n))
		}
		return "passes: none of the check's rules found a violation"
	case Skip:
		if n := len(c.Evidence); n > 0 {
			return "skipped: not applicable because " + c.Evidence[0].Message + more(n)
		}
		return "skipped: not applicable to this repository (the check's applicable rule does not hold)"
	case Fail:
		return "fails: " + countText(len(c.Findings), "violation", "violations")
	case Error:
		if c.Error == "" {
			return "error: the check could not be evaluated"
		}
		return "error: the check could not be evaluated: " + c.Error
	case Exempt:
		if e := c.Exemption; e != nil {
			s := "exempt until " + e.Expires + ": " + e.Reason
			if e.Source != "" {
				s += " (" + e.Source + ")"
			}
			return s
		}
		return "exempt"
	}
	return ""
}

func more(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf("; and %d more", n-1)
}

func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, strings.TrimSpace(many))
}
