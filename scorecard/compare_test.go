package scorecard

import (
	"reflect"
	"testing"
)

func repoWith(name string, score float64, level string, checks ...CheckResult) Repo {
	return Repo{Name: name, Commit: name + "-commit", Score: score, Level: level, Checks: checks}
}

func cr(id string, o Outcome, findings ...Finding) CheckResult {
	if findings == nil {
		findings = []Finding{}
	}
	return CheckResult{ID: id, Outcome: o, Findings: findings}
}

func TestCompareFixedBroken(t *testing.T) {
	t.Parallel()
	all := []Outcome{Pass, Fail, Skip, Error, Exempt}
	fixedWant := map[[2]Outcome]bool{}
	brokenWant := map[[2]Outcome]bool{}
	for _, b := range []Outcome{Fail, Error} {
		for _, h := range []Outcome{Pass, Skip, Exempt} {
			fixedWant[[2]Outcome{b, h}] = true
			brokenWant[[2]Outcome{h, b}] = true
		}
	}
	for _, b := range all {
		for _, h := range all {
			t.Run(string(b)+"->"+string(h), func(t *testing.T) {
				t.Parallel()
				c := Compare(repoWith("r", 0, None, cr("a.x", b)), repoWith("r", 0, None, cr("a.x", h)))
				wantFixed, wantBroken := []string{}, []string{}
				if fixedWant[[2]Outcome{b, h}] {
					wantFixed = []string{"a.x"}
				}
				if brokenWant[[2]Outcome{b, h}] {
					wantBroken = []string{"a.x"}
				}
				if !reflect.DeepEqual(c.Fixed, wantFixed) || !reflect.DeepEqual(c.Broken, wantBroken) {
					t.Errorf("fixed = %v broken = %v, want %v %v", c.Fixed, c.Broken, wantFixed, wantBroken)
				}
			})
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	base := repoWith("g/svc", 50, Bronze,
		cr("build.ci-pipeline", Fail, Finding{Message: "no CI"}),
		cr("security.container-non-root", Fail,
			Finding{Message: "runs as root", Path: "Dockerfile", Line: 10},
			Finding{Message: "runs as root", Path: "worker/Dockerfile", Line: 3}),
		cr("test.coverage", Pass),
		cr("build.base-image-pinned", Fail,
			Finding{Message: "image node:latest", Path: "Dockerfile", Line: 1}),
		cr("only.in-base", Fail),
	)
	head := repoWith("g/svc", 75, Silver,
		cr("build.ci-pipeline", Pass),
		cr("security.container-non-root", Fail,
			// moved from line 10 to 14: the same finding
			Finding{Message: "runs as root", Path: "Dockerfile", Line: 14},
			Finding{Message: "runs as root", Path: "api/Dockerfile", Line: 2}),
		cr("test.coverage", Error),
		cr("build.base-image-pinned", Exempt,
			Finding{Message: "image node:latest", Path: "Dockerfile", Line: 1}),
		cr("only.in-head", Fail, Finding{Message: "new check"}),
	)
	got := Compare(base, head)
	want := Comparison{
		Repo:   "g/svc",
		Base:   Snapshot{Commit: "g/svc-commit", Score: 50, Level: Bronze},
		Head:   Snapshot{Commit: "g/svc-commit", Score: 75, Level: Silver},
		Fixed:  []string{"build.base-image-pinned", "build.ci-pipeline"},
		Broken: []string{"test.coverage"},
		NewFindings: []FindingRef{
			{Check: "only.in-head", Finding: Finding{Message: "new check"}},
			{Check: "security.container-non-root", Finding: Finding{Message: "runs as root", Path: "api/Dockerfile", Line: 2}},
		},
		ResolvedFindings: []FindingRef{
			{Check: "build.base-image-pinned", Finding: Finding{Message: "image node:latest", Path: "Dockerfile", Line: 1}},
			{Check: "build.ci-pipeline", Finding: Finding{Message: "no CI"}},
			{Check: "security.container-non-root", Finding: Finding{Message: "runs as root", Path: "worker/Dockerfile", Line: 3}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Compare =\n%+v\nwant\n%+v", got, want)
	}
}

func TestCompareDuplicateFindings(t *testing.T) {
	t.Parallel()
	f := func(line int) Finding { return Finding{Message: "untagged image", Path: "Dockerfile", Line: line} }
	tests := []struct {
		name         string
		base, head   []Finding
		wantNew      []FindingRef
		wantResolved []FindingRef
	}{
		{"same count, lines shifted", []Finding{f(1), f(5)}, []Finding{f(3), f(9)}, []FindingRef{}, []FindingRef{}},
		{"one more in head", []Finding{f(1)}, []Finding{f(1), f(7)}, []FindingRef{{"c.x", f(7)}}, []FindingRef{}},
		{"one fewer in head", []Finding{f(1), f(7)}, []Finding{f(1)}, []FindingRef{}, []FindingRef{{"c.x", f(7)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Compare(repoWith("r", 0, None, cr("c.x", Fail, tt.base...)), repoWith("r", 0, None, cr("c.x", Fail, tt.head...)))
			if !reflect.DeepEqual(got.NewFindings, tt.wantNew) || !reflect.DeepEqual(got.ResolvedFindings, tt.wantResolved) {
				t.Errorf("new = %+v resolved = %+v, want %+v %+v", got.NewFindings, got.ResolvedFindings, tt.wantNew, tt.wantResolved)
			}
		})
	}
}

func TestDiffScans(t *testing.T) {
	t.Parallel()
	old := &Scan{Repos: []Repo{
		repoWith("g/a", 50, Bronze, cr("x.one", Fail), cr("x.two", Pass)),
		repoWith("g/b", 80, Silver, cr("x.one", Pass)),
		repoWith("g/gone", 10, None),
		{Name: "g/was-broken", Team: "t2", Level: None, Error: "clone failed"},
	}}
	old.Repos[0].Team, old.Repos[1].Team, old.Repos[2].Team = "t1", "t1", "old-team"
	new := &Scan{Repos: []Repo{
		repoWith("g/new", 100, Gold),
		repoWith("g/b", 80, Silver, cr("x.one", Pass)),
		repoWith("g/a", 50, Silver, cr("x.one", Pass), cr("x.two", Error)),
		repoWith("g/was-broken", 60, Bronze),
	}}
	new.Repos[1].Team, new.Repos[2].Team, new.Repos[3].Team = "t1", "t1", "t2"
	got := DiffScans(old, new)
	want := ScanDiff{
		Added:   []string{"g/new"},
		Removed: []string{"g/gone"},
		Changed: []RepoDiff{
			{Name: "g/a", OldScore: 50, NewScore: 50, OldLevel: Bronze, NewLevel: Silver, Fixed: []string{"x.one"}, Broken: []string{"x.two"}},
			{Name: "g/was-broken", OldScore: 0, NewScore: 60, Delta: 60, OldLevel: None, NewLevel: Bronze, OldError: "clone failed", Fixed: []string{}, Broken: []string{}},
		},
		Teams: []TeamDiff{
			{Name: "old-team", Old: true, OldScore: 10, Trend: Trend{Removed: 1}},
			{Name: "t1", Old: true, New: true, OldScore: 65, NewScore: 65, Trend: Trend{Compared: 2, OldScore: 65, NewScore: 65}},
			// The repository could not be scanned before: nothing to
			// compare it with, so no trend.
			{Name: "t2", Old: true, New: true, OldScore: 0, NewScore: 60},
			{Name: Unowned, New: true, NewScore: 100, Trend: Trend{Added: 1}},
		},
		Org: Trend{Compared: 2, Added: 1, Removed: 1, OldScore: 65, NewScore: 65},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DiffScans =\n%+v\nwant\n%+v", got, want)
	}
	// Deterministic regardless of map iteration.
	for range 20 {
		if again := DiffScans(old, new); !reflect.DeepEqual(again, got) {
			t.Fatal("DiffScans is not deterministic")
		}
	}
}

// TestTrendComparesLikeWithLike swaps a weak repository for a strong one
// while no repository's score changes: the trend is zero and says what was
// added and removed.
func TestTrendComparesLikeWithLike(t *testing.T) {
	t.Parallel()
	team := func(r Repo) Repo { r.Team = "web"; return r }
	old := &Scan{Repos: []Repo{team(repoWith("g/a", 60, Bronze)), team(repoWith("g/b", 70, Bronze)), team(repoWith("g/weak", 10, None))}}
	new := &Scan{Repos: []Repo{team(repoWith("g/a", 60, Bronze)), team(repoWith("g/b", 70, Bronze)), team(repoWith("g/strong", 100, Gold))}}
	d := DiffScans(old, new)
	want := Trend{Compared: 2, Added: 1, Removed: 1, OldScore: 65, NewScore: 65, Delta: 0}
	if d.Org != want {
		t.Errorf("org trend %+v, want %+v", d.Org, want)
	}
	if len(d.Teams) != 1 || d.Teams[0].Delta != 0 || d.Teams[0].Trend != want {
		t.Errorf("team trend %+v, want delta 0 and %+v", d.Teams, want)
	}
	// A real change on the same set still shows.
	new.Repos[0].Score = 80
	if d := DiffScans(old, new); d.Org.Delta != 10 || d.Teams[0].Delta != 10 {
		t.Errorf("org delta %v team delta %v, want +10 (g/a 60 -> 80 over 2 repositories)", d.Org.Delta, d.Teams[0].Delta)
	}
}

func TestDiffScansNil(t *testing.T) {
	t.Parallel()
	s := &Scan{Repos: []Repo{{Name: "b"}, {Name: "a"}}}
	if got := DiffScans(nil, s); !reflect.DeepEqual(got.Added, []string{"a", "b"}) || len(got.Removed) != 0 {
		t.Errorf("DiffScans(nil, s) = %+v", got)
	}
	if got := DiffScans(s, nil); !reflect.DeepEqual(got.Removed, []string{"a", "b"}) || len(got.Added) != 0 {
		t.Errorf("DiffScans(s, nil) = %+v", got)
	}
	if got := DiffScans(s, s); len(got.Changed) != 0 || len(got.Added) != 0 {
		t.Errorf("DiffScans(s, s) = %+v, want no change", got)
	}
}
