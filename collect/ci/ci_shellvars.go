package ci

import (
	"slices"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
)

// shellAssignRe is `NAME=value` or `export NAME=value` alone on a command
// line, with a literal value (no expansion or substitution in it).
var shellAssignRe = lazyre.New("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"$`\\\\]*\"|'[^']*'|[^\\s\"'$`;&|()\\\\]*)$")

// expandShellAssignments follows shell variables set in the same script:
// after `SUITE=test` (or `export SUITE="test"`), `$SUITE` and `${SUITE}`
// in the script's later lines are replaced by the value, so that
// `bin/rails $SUITE` is seen to run tests. cmds are the lines of one
// script (one Actions run: block, one GitLab script), which share a shell.
// The assignment lines themselves are kept.
func expandShellAssignments(cmds []facts.Command) []facts.Command {
	var vars map[string]string
	out := cmds
	for i, c := range cmds {
		if m := shellAssignRe.FindStringSubmatch(strings.TrimSpace(c.Run)); m != nil {
			if vars == nil {
				vars = map[string]string{}
			}
			vars[m[1]] = strings.Trim(m[2], `"'`)
			continue
		}
		if vars == nil || !strings.Contains(c.Run, "$") {
			continue
		}
		run := shellVarRefRe.ReplaceAllStringFunc(c.Run, func(ref string) string {
			sm := shellVarRefRe.FindStringSubmatch(ref)
			if v, ok := vars[sm[1]+sm[2]]; ok {
				return v
			}
			return ref
		})
		if run != c.Run {
			if len(out) > 0 && len(cmds) > 0 && &out[0] == &cmds[0] {
				out = slices.Clone(cmds)
			}
			out[i].Run = run
		}
	}
	return out
}
