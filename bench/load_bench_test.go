package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/policies"
)

// extraPolicy is a check added with --policy, to show that policies from
// other sources take part in the load cache.
const extraPolicy = `# METADATA
# title: A team's own check
# custom:
#   id: team.has-makefile
#   category: build
#   level: bronze
#   weight: 1
#   remediation: Add a Makefile.
package score.checks.team.has_makefile

violation contains {"msg": "no Makefile"} if {
	not "Makefile" in input.files.paths
}
`

// BenchmarkLoadDefault is loading the default catalogue (with one extra
// --policy directory) and the facts schema, as every ` + "`score check`" + `
// does before reading a file: without the load cache (cold), and with a
// cache that already holds this policy set (warm, every start after the
// first).
func BenchmarkLoadDefault(b *testing.B) {
	schema, err := facts.FactsSchema()
	if err != nil {
		b.Fatal(err)
	}
	extra := b.TempDir()
	if err := os.WriteFile(filepath.Join(extra, "team.rego"), []byte(extraPolicy), 0o644); err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	opts := engine.Options{DefaultFS: policies.FS(), Sources: []string{extra}, InputSchema: schema, ToolVersion: "bench"}
	ctx := context.Background()
	if _, err := engine.Load(ctx, withCache(opts, cache)); err != nil { // fills the cache
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opts engine.Options
	}{{"cold", opts}, {"warm", withCache(opts, cache)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				e, err := engine.Load(ctx, bc.opts)
				if err != nil {
					b.Fatal(err)
				}
				// The checks' plan is decoded beside the caller: a load
				// counts until it is done.
				e.WaitLoaded()
				if n := len(e.Checks()); n < 30 {
					b.Fatalf("%d checks", n)
				}
			}
		})
	}
}

func withCache(o engine.Options, dir string) engine.Options {
	o.CacheDir = dir
	return o
}

// TestLoadCacheSameOutcomes holds the load cache to the full load: every
// check's result on every fixture repository is the same whether the
// catalogue was compiled now or read back from the cache, in the single
// query and check by check.
func TestLoadCacheSameOutcomes(t *testing.T) {
	schema, err := facts.FactsSchema()
	if err != nil {
		t.Fatal(err)
	}
	opts := engine.Options{DefaultFS: policies.FS(), InputSchema: schema, ToolVersion: "test"}
	ctx := context.Background()
	fresh, err := engine.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	for range 2 { // the first load fills the cache, the second reads it
		if _, err := engine.Load(ctx, withCache(opts, cache)); err != nil {
			t.Fatal(err)
		}
	}
	cached, err := engine.Load(ctx, withCache(opts, cache))
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Digest() != cached.Digest() || fmt.Sprint(fresh.Checks()) != fmt.Sprint(cached.Checks()) {
		t.Fatal("catalogue or digest differ")
	}
	for _, f := range fixtureFacts(t) {
		want, err := fresh.Evaluate(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cached.Evaluate(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("%s: cached catalogue says\n%+v\nfull load says\n%+v", f.Repo.Name, got, want)
		}
	}
}

// TestToValueOnFixtures holds engine.ToValue to ast.InterfaceToValue (the
// JSON round trip it replaces) on the facts of every fixture repository.
func TestToValueOnFixtures(t *testing.T) {
	for _, f := range fixtureFacts(t) {
		want, err := ast.InterfaceToValue(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := engine.ToValue(f)
		if err != nil {
			t.Fatal(err)
		}
		if ast.Compare(got, want) != 0 || got.String() != want.String() {
			t.Errorf("%s: ToValue differs from InterfaceToValue", f.Repo.Name)
		}
	}
}

// BenchmarkToValue is converting one repository's facts for evaluation.
func BenchmarkToValue(b *testing.B) {
	facts := fixtureFacts(b)
	for _, bc := range []struct {
		name string
		conv func(any) (ast.Value, error)
	}{{"reflect", engine.ToValue}, {"json", ast.InterfaceToValue}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			i := 0
			for b.Loop() {
				if _, err := bc.conv(facts[i%len(facts)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
