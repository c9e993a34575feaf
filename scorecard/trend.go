package scorecard

// Trend is a like-for-like change of a mean score between two scans: the
// means are over the same repositories, those scanned without error in
// both, so swapping a weak repository for a strong one moves no trend.
// Added and Removed count the repositories of the set that are in one scan
// only; they are reported beside the trend, never mixed into it.
type Trend struct {
	// Compared is how many repositories both means are over.
	Compared int     `json:"compared"`
	Added    int     `json:"added"`
	Removed  int     `json:"removed"`
	OldScore float64 `json:"old_score"`
	NewScore float64 `json:"new_score"`
	Delta    float64 `json:"delta"`
}

// trendOf compares two sets of repositories (one scan's, or one team's in
// each scan), matching them by name.
func trendOf(old, new []Repo) Trend {
	var t Trend
	oldByName := make(map[string]Repo, len(old))
	for _, r := range old {
		oldByName[r.Name] = r
	}
	newNames := make(map[string]bool, len(new))
	var oldSum, newSum float64
	for _, n := range new {
		newNames[n.Name] = true
		o, ok := oldByName[n.Name]
		switch {
		case !ok:
			t.Added++
		case o.Error == "" && n.Error == "":
			t.Compared++
			oldSum += o.Score
			newSum += n.Score
		}
	}
	for _, o := range old {
		if !newNames[o.Name] {
			t.Removed++
		}
	}
	if t.Compared > 0 {
		t.OldScore = round1(oldSum / float64(t.Compared))
		t.NewScore = round1(newSum / float64(t.Compared))
		t.Delta = round1(newSum/float64(t.Compared) - oldSum/float64(t.Compared))
	}
	return t
}

// teamRepos groups repositories by team.
func teamRepos(repos []Repo) map[string][]Repo {
	m := map[string][]Repo{}
	for _, r := range Units(repos) { // components under their own teams, as in Rollup
		m[TeamOf(r)] = append(m[TeamOf(r)], r)
	}
	return m
}
