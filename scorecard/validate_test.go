package scorecard

import (
	"strings"
	"testing"
)

// TestReadJSONValidates: a scan file with a level or outcome score never
// writes is refused with the JSON path of the problem.
func TestReadJSONValidates(t *testing.T) {
	t.Parallel()
	check := func(outcome, level string) string {
		return `{"id": "x", "title": "X", "outcome": "` + outcome + `", "level": "` + level + `", "weight": 1, "category": "build", "findings": []}`
	}
	repo := func(level string, checks ...string) string {
		return `{"name": "r", "team": "t", "score": 50, "level": "` + level + `", "categories": {}, "checks": [` + strings.Join(checks, ",") + `], "error": ""}`
	}
	doc := func(repos ...string) string {
		return `{"schema": "score.scan/v1", "tool": {"version": "x"}, "policy": {"digest": "d"}, "repos": [` + strings.Join(repos, ",") + `], "teams": []}`
	}
	tests := []struct {
		name, doc, want string
	}{
		{"valid", doc(repo("gold", check("pass", "gold")), repo("none", check("exempt", "bronze"))), ""},
		{"platinum repo", doc(repo("silver"), repo("platinum")), `repos[1].level: unknown level "platinum" (want none, bronze, silver, gold)`},
		{"weird outcome", doc(repo("gold", check("pass", "gold"), check("weird", "gold"))), `repos[0].checks[1].outcome: unknown outcome "weird" (want pass, fail, skip, error, exempt)`},
		{"check level", doc(repo("gold", check("pass", "none"))), `repos[0].checks[0].level: unknown level "none" (want bronze, silver, gold)`},
		{"several", doc(repo("platinum", check("weird", "gold"))), `repos[0].level: unknown level "platinum" (want none, bronze, silver, gold) (and 1 more problems)`},
		{"team levels", strings.Replace(doc(repo("gold")), `"teams": []`, `"teams": [{"name": "t", "repos": 1, "score": 1, "min": 1, "levels": {"platinum": 1}}]`, 1), `teams[0].levels: unknown level "platinum"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadJSON(strings.NewReader(tt.doc))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
