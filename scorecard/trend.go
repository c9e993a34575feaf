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

// FixedSet is the mean score of the same repositories in every scan of a
// series: those scanned without error in all of them, so a chart of Means
// moves only when scores move (the many-scan form of Trend). Left counts
// the repositories seen in some scans only, or with an error in one.
type FixedSet struct {
	Repos int
	Left  int
	// Means has one mean per scan, in the series' order; nil when no
	// repository is in every scan.
	Means []float64
}

// FixedSetMeans is the fixed set of series and its mean in each scan.
func FixedSetMeans(series []*Scan) FixedSet {
	clean := map[string]int{} // scans in which the repository has no error
	all := map[string]bool{}
	for _, s := range series {
		for _, r := range s.Repos {
			all[r.Name] = true
			if r.Error == "" {
				clean[r.Name]++
			}
		}
	}
	in := map[string]bool{}
	for name, n := range clean {
		if n == len(series) {
			in[name] = true
		}
	}
	fs := FixedSet{Repos: len(in), Left: len(all) - len(in)}
	if len(in) == 0 {
		return fs
	}
	for _, s := range series {
		var sum float64
		for _, r := range s.Repos {
			if in[r.Name] {
				sum += r.Score
			}
		}
		fs.Means = append(fs.Means, sum/float64(len(in)))
	}
	return fs
}
