package scorecard

import (
	"fmt"
	"path"
	"strings"
)

// applyScoped applies an exemption scoped to paths to a failing check:
// the findings under its globs are exempt; the check becomes exempt only
// when that is every finding, else it keeps failing with the findings
// left. It returns a warning for an exemption that covers nothing or only
// part.
func applyScoped(c *CheckResult, e ExemptionInput, source string) string {
	var left []Finding
	for _, f := range c.Findings {
		if !coveredBy(f.Path, e.Paths) {
			left = append(left, f)
		}
	}
	covered := len(c.Findings) - len(left)
	switch {
	case c.Outcome == Error || len(c.Findings) == 0:
		return fmt.Sprintf("exemption for %s covers paths %s, but the check has no findings to match them (outcome %s); not applied",
			e.Check, strings.Join(e.Paths, ", "), c.Outcome)
	case len(left) == 0:
		c.Outcome = Exempt
		c.Exemption = &Exemption{Check: e.Check, Reason: e.Reason, Expires: e.Expires, Source: source, Paths: e.Paths}
		return ""
	case covered == 0:
		return fmt.Sprintf("exemption for %s covers paths %s, which none of its %d findings is under; the check still fails",
			e.Check, strings.Join(e.Paths, ", "), len(c.Findings))
	}
	c.Findings = left
	return fmt.Sprintf("exemption for %s covers %d of its findings (paths %s); the check still fails with the %d outside them",
		e.Check, covered, strings.Join(e.Paths, ", "), len(left))
}

func coveredBy(p string, globs []string) bool {
	if p == "" {
		return false // a repository-level finding is under no path
	}
	for _, g := range globs {
		if PathMatch(g, p) {
			return true
		}
	}
	return false
}

// PathMatch matches a slash-separated path against a glob in which "*"
// and "?" stay within one segment (path.Match) and a "**" segment matches
// any number of segments, including none: "deploy/**" covers everything
// under deploy/, "**/*.test.yaml" such a file at any depth.
func PathMatch(glob, name string) bool {
	return matchSegments(strings.Split(strings.Trim(glob, "/"), "/"), strings.Split(strings.Trim(name, "/"), "/"))
}

func matchSegments(g, n []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(n); i++ {
				if matchSegments(g[1:], n[i:]) {
					return true
				}
			}
			return false
		}
		if len(n) == 0 {
			return false
		}
		if ok, err := path.Match(g[0], n[0]); err != nil || !ok {
			return false
		}
		g, n = g[1:], n[1:]
	}
	return len(n) == 0
}
