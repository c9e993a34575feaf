package ownership

import (
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/snapshot"
)

// Rule is one CODEOWNERS rule: a pattern and its owners (a GitLab
// section's default owners when the rule names none).
type Rule struct {
	Pattern string
	Owners  []string
	Line    int
}

// Rules lists a CODEOWNERS file's rules in file order, for the owner of a
// monorepo's folder (the last matching rule wins, as in GitHub and
// GitLab). Malformed lines are left out; Collect warns about them.
func Rules(data []byte) []Rule {
	rules, _ := codeownersRules(data)
	return rules
}

// codeownersRules parses a CODEOWNERS file (GitHub, GitLab, Bitbucket,
// Gitea or Forgejo syntax) into its rules, and the lines of section
// headers without a closing ]. GitLab sections ([Name], ^[Optional],
// [Name][2] @default-owners) are understood: a rule without owners
// inherits its section's default owners.
func codeownersRules(data []byte) (rules []Rule, unclosed []int) {
	var sectionOwners []string
	textutil.TxtLines(data, func(n int, raw []byte) bool {
		line := strings.TrimSpace(stripCodeownersComment(string(raw)))
		if line == "" {
			return true
		}
		if owners, ok := codeownersSection(line); ok {
			sectionOwners = owners
			return true
		}
		if line[0] == '[' || strings.HasPrefix(line, "^[") {
			unclosed = append(unclosed, n)
			return true
		}
		fields := codeownersFields(line)
		owners := fields[1:]
		if len(owners) == 0 {
			owners = sectionOwners
		}
		rules = append(rules, Rule{Pattern: fields[0], Owners: append([]string{}, owners...), Line: n})
		return true
	})
	return rules, unclosed
}

// CodeOwnersPaths are the CODEOWNERS files of the tree where GitHub and
// GitLab look for them.
func CodeOwnersPaths(t *snapshot.Tree) []string { return codeownersPaths(t) }
