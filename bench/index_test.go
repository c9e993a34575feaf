package bench

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/scoredev/score/engine"
)

// TestIndexesChangeNoOutcome evaluates every fixture repository's facts
// with the collectors' indexes (ci.command_words, dependencies.families)
// and without them, when
// the policy library falls back to scanning the raw fields: every check's
// result must be the same.
func TestIndexesChangeNoOutcome(t *testing.T) {
	e := loadEngine(t)
	ctx := context.Background()
	for _, f := range fixtureFacts(t) {
		v, err := engine.ToValue(f)
		if err != nil {
			t.Fatal(err)
		}
		with, err := e.EvaluateValue(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		without, err := e.EvaluateValue(ctx, withoutIndexes(t, v))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", with) != fmt.Sprintf("%+v", without) {
			t.Errorf("%s: with the indexes\n%+v\nwithout\n%+v", f.Repo.Name, with, without)
		}
	}
}

func withoutIndexes(t testing.TB, v ast.Value) ast.Value {
	t.Helper()
	out, err := v.(ast.Object).Map(func(k, x *ast.Term) (*ast.Term, *ast.Term, error) {
		if k.Value.Compare(ast.String("ci")) == 0 {
			ci, err := x.Value.(ast.Object).Filter(ast.NewObject(
				[2]*ast.Term{ast.StringTerm("configs"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("jobs"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("gitlab_includes"), ast.NullTerm()},
				[2]*ast.Term{ast.StringTerm("workflows"), ast.NullTerm()},
			))
			if err != nil {
				return nil, nil, err
			}
			if ci.Get(ast.StringTerm("command_words")) != nil {
				t.Fatal("filter kept command_words")
			}
			return k, ast.NewTerm(ci), nil
		}
		if k.Value.Compare(ast.String("dependencies")) == 0 {
			deps, err := x.Value.(ast.Object).Filter(ast.NewObject(
				[2]*ast.Term{ast.StringTerm("manifests"), ast.NullTerm()},
			))
			if err != nil {
				return nil, nil, err
			}
			return k, ast.NewTerm(deps), nil
		}
		return k, x, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkCatalogueIndexes is BenchmarkCatalogueParsed with the
// collectors' indexes (the policies look tools up) and without them (the
// policies scan every command line, as before the indexes existed).
func BenchmarkCatalogueIndexes(b *testing.B) {
	e := loadEngine(b)
	facts := fixtureFacts(b)
	ctx := context.Background()
	with := make([]ast.Value, len(facts))
	without := make([]ast.Value, len(facts))
	for i, f := range facts {
		v, err := engine.ToValue(f)
		if err != nil {
			b.Fatal(err)
		}
		with[i], without[i] = v, withoutIndexes(b, v)
	}
	for _, bc := range []struct {
		name   string
		values []ast.Value
	}{{"with", with}, {"without", without}} {
		b.Run(bc.name, func(b *testing.B) {
			cpu := startCPU()
			defer cpu.report(b)
			i := 0
			for b.Loop() {
				if _, err := e.EvaluateValue(ctx, bc.values[i%len(bc.values)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
