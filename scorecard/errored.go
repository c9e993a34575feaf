package scorecard

// ErroredChecks lists the ids of r's checks whose evaluation failed
// (outcome error, not exempted), in r's order. They count as failing in the
// score; every report names how many there are, and --strict turns any
// into exit 1.
func ErroredChecks(r Repo) []string {
	var ids []string
	for _, c := range r.Checks {
		if c.Outcome == Error {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
