package scorecard

import "testing"

func TestDiffScansTracksComponents(t *testing.T) {
	comp := func(name, team string, score float64, outcome Outcome) Component {
		return Component{Name: name, Path: "services/" + name, Team: team, Score: score, Level: None,
			Checks: []CheckResult{{ID: "a.b", Outcome: outcome, Level: Bronze, Weight: 1, Findings: []Finding{}}}}
	}
	old := &Scan{Repos: []Repo{WithComponents(Repo{Name: "shop"}, []Component{comp("orders", "o", 100, Pass), comp("billing", "b", 0, Fail)})}}
	new := &Scan{Repos: []Repo{WithComponents(Repo{Name: "shop"}, []Component{comp("orders", "o", 0, Fail), comp("billing", "b", 0, Fail)})}}
	d := DiffScans(old, new)
	var names []string
	for _, c := range d.Changed {
		names = append(names, c.Name)
	}
	if len(names) != 2 || names[0] != "shop" || names[1] != "shop/orders" {
		t.Fatalf("changed: %v", names)
	}
	if got := d.Changed[1].Broken; len(got) != 1 || got[0] != "a.b" {
		t.Fatalf("shop/orders broken: %v", got)
	}
	if r := old.Repos[0]; r.Score != 50 || r.Checks[0].Outcome != Fail || r.Checks[0].Reason == "" {
		t.Fatalf("merged row: %+v", r)
	}
	teams := Rollup(new.Repos)
	if len(teams) != 2 || teams[0].Name != "b" || teams[0].Repos != 1 {
		t.Fatalf("rollup counts components: %+v", teams)
	}
}
