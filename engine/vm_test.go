package engine_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/source"
)

// TestPlanAgreesWithTopdown holds the plan evaluator to topdown on every
// fixture repository: the same outcome, findings, evidence and warnings
// for every check.
func TestPlanAgreesWithTopdown(t *testing.T) {
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e, err := engine.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !engine.Planned(e) {
		t.Fatal("the default catalogue is not planned")
	}
	refs, err := source.DirRepos("../testdata/repos")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		snap, err := source.LocalSnapshot(ref)
		if err != nil {
			t.Fatal(err)
		}
		f, err := collect.Collect(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		v, err := engine.ToValue(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := engine.EvaluateTopdown(ctx, e, v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := engine.EvaluatePlan(ctx, e, v)
		if err != nil {
			t.Fatalf("%s: %v", ref.Name, err)
		}
		for i := range want {
			w, _ := json.Marshal(want[i])
			g, _ := json.Marshal(got[i])
			if string(w) != string(g) {
				t.Errorf("%s: %s\nplan:    %s\ntopdown: %s", ref.Name, want[i].CheckID, g, w)
			}
		}
	}
}
