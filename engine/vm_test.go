package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/source"
)

// TestPlanAgreesWithTopdown holds the plan evaluator to topdown on every
// fixture repository: the same outcome, findings, evidence and warnings
// for every check, and the same fixes.
func TestPlanAgreesWithTopdown(t *testing.T) {
	ctx := context.Background()
	opts := defaultOptions(t)
	e, err := engine.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !engine.Planned(e) {
		t.Fatal("the default catalogue is not planned")
	}
	opts.Topdown = true
	td, err := engine.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if engine.Planned(td) {
		t.Fatal("Options.Topdown still plans")
	}
	var ids []string
	for _, c := range e.Checks() {
		ids = append(ids, c.ID)
	}
	refs, values := fixtureValues(t)
	fixes := 0
	for i, ref := range refs {
		v := values[i]
		want, err := td.EvaluateValue(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		// The plan's own result, not the topdown fallback it would take
		// on an error.
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
		wantFix, err := td.Fixes(ctx, v, ids)
		if err != nil {
			t.Fatal(err)
		}
		gotFix, err := engine.FixesPlan(ctx, e, v, ids)
		if err != nil {
			t.Fatalf("%s: fixes: %v", ref.Name, err)
		}
		w, _ := json.Marshal(wantFix)
		g, _ := json.Marshal(gotFix)
		if string(w) != string(g) {
			t.Errorf("%s: fixes\nplan:    %s\ntopdown: %s", ref.Name, g, w)
		}
		fixes += len(wantFix)
	}
	if fixes == 0 {
		t.Fatal("no fixture has a fix: the fixes were not compared")
	}
}

// TestPlanConcurrent: one engine evaluated from many goroutines at once
// (a scan) gives each repository the result it gets alone.
func TestPlanConcurrent(t *testing.T) {
	ctx := context.Background()
	e, err := engine.Load(ctx, defaultOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	refs, inputs := fixtureValues(t)
	want := make([]string, len(inputs))
	for i, v := range inputs {
		res, err := e.Evaluate(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		want[i] = string(b)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 3 * len(inputs) {
				k := (i + g*7) % len(inputs)
				res, err := e.Evaluate(ctx, inputs[k])
				if err != nil {
					errs <- err
					return
				}
				if b, _ := json.Marshal(res); string(b) != want[k] {
					errs <- fmt.Errorf("%s: results differ when evaluated concurrently", refs[k].Name)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// fixtureValues are the facts of every fixture repository, as values.
func fixtureValues(t *testing.T) ([]source.RepoRef, []ast.Value) {
	t.Helper()
	ctx := context.Background()
	refs, err := source.DirRepos("../testdata/repos")
	if err != nil {
		t.Fatal(err)
	}
	values := make([]ast.Value, len(refs))
	for i, ref := range refs {
		snap, err := source.LocalSnapshot(ref)
		if err != nil {
			t.Fatal(err)
		}
		f, err := collect.Collect(ctx, snap)
		if err != nil {
			t.Fatal(err)
		}
		if values[i], err = engine.ToValue(f); err != nil {
			t.Fatal(err)
		}
	}
	return refs, values
}

// defaultOptions are the engine options of the default golden path.
func defaultOptions(t *testing.T) engine.Options {
	t.Helper()
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return opts
}
