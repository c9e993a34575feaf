package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/scoredev/score/app"
	"github.com/scoredev/score/bench/internal/org"
	"github.com/scoredev/score/collect"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/policies"
	"github.com/scoredev/score/source"
)

const fixtures = "../testdata/repos"

var loadOnce = sync.OnceValues(func() (*engine.Engine, error) {
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		return nil, err
	}
	return engine.Load(context.Background(), opts)
})

// loadTopdown is the default golden path evaluated by OPA's topdown
// evaluator alone, the baseline of the plan evaluator.
var loadTopdown = sync.OnceValues(func() (*engine.Engine, error) {
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		return nil, err
	}
	opts.Topdown = true
	return engine.Load(context.Background(), opts)
})

// loadEngine is the default golden path, compiled once per test binary.
func loadEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	e, err := loadOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// fixtureFacts collects the facts of every fixture repository.
func fixtureFacts(tb testing.TB) []*facts.Facts {
	tb.Helper()
	refs, err := source.DirRepos(fixtures)
	if err != nil {
		tb.Fatal(err)
	}
	var out []*facts.Facts
	for _, ref := range refs {
		snap, err := source.LocalSnapshot(ref)
		if err != nil {
			tb.Fatal(err)
		}
		f, err := collect.Collect(context.Background(), snap)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// cpuClock measures the CPU time (user and system, every thread) of a
// benchmark's loop: on a shared, busy machine wall time per op says more
// about the neighbours than about the code.
type cpuClock struct{ start time.Duration }

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuClock { return cpuClock{start: processCPU()} }

// report adds cpu-ms/op.
func (c cpuClock) report(b *testing.B) {
	b.ReportMetric(float64(processCPU()-c.start)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkCatalogue is what score does per repository: convert its facts
// and evaluate the whole catalogue in one query (on the plan evaluator).
// One op is one repository (the fixtures in turn).
func BenchmarkCatalogue(b *testing.B) {
	e := loadEngine(b)
	b.Logf("%d checks in the catalogue", len(e.Checks()))
	benchEvaluate(b, e)
}

// BenchmarkCatalogueTopdown is BenchmarkCatalogue on OPA's topdown
// evaluator, the engine's only one before the plan evaluator: the baseline
// of the catalogue target.
func BenchmarkCatalogueTopdown(b *testing.B) {
	e, err := loadTopdown()
	if err != nil {
		b.Fatal(err)
	}
	benchEvaluate(b, e)
}

// benchEvaluate converts and evaluates the fixtures' facts in turn, one
// repository an op.
func benchEvaluate(b *testing.B, e *engine.Engine) {
	all := fixtureFacts(b)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	i := 0
	for b.Loop() {
		if _, err := e.Evaluate(ctx, all[i%len(all)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCatalogueParsed is BenchmarkCatalogue without converting the
// facts: the query alone.
func BenchmarkCatalogueParsed(b *testing.B) {
	e := loadEngine(b)
	values := factValues(b, fixtureFacts(b))
	ctx := context.Background()
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	i := 0
	for b.Loop() {
		if _, err := e.EvaluateValue(ctx, values[i%len(values)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCataloguePerCheck is the usual pattern of other policy tools:
// the same policies compiled once, but every check evaluated as its own
// query (its applicable rule, then its violations). The facts are converted
// once per repository, as in BenchmarkCatalogue.
func BenchmarkCataloguePerCheck(b *testing.B) {
	e := loadEngine(b)
	all := fixtureFacts(b)
	pc := newPerCheck(b, e)
	ctx := context.Background()
	// The two ways must agree before their speed is compared.
	for _, f := range all {
		want, err := e.Evaluate(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		got := pc.evaluate(b, ctx, factValues(b, []*facts.Facts{f})[0])
		for _, r := range want {
			if got[r.CheckID] != r.Outcome {
				b.Fatalf("%s on %s: per-check query says %s, the engine %s", r.CheckID, f.Repo.Name, got[r.CheckID], r.Outcome)
			}
		}
	}
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	i := 0
	for b.Loop() {
		v, err := ast.InterfaceToValue(all[i%len(all)])
		if err != nil {
			b.Fatal(err)
		}
		pc.evaluate(b, ctx, v)
		i++
	}
}

// BenchmarkEachCheck is the cost of every check alone (its applicable and
// violation rules, with the lib helpers it needs), one op being one
// repository: where the time of BenchmarkCatalogue goes.
func BenchmarkEachCheck(b *testing.B) {
	e := loadEngine(b)
	values := factValues(b, fixtureFacts(b))
	pc := newPerCheck(b, e)
	ctx := context.Background()
	for _, q := range pc.checks {
		one := &perCheck{checks: []perCheckQuery{q}}
		b.Run(q.id, func(b *testing.B) {
			cpu := startCPU()
			defer cpu.report(b)
			i := 0
			for b.Loop() {
				one.evaluate(b, ctx, values[i%len(values)])
				i++
			}
		})
	}
}

func factValues(tb testing.TB, all []*facts.Facts) []ast.Value {
	tb.Helper()
	var out []ast.Value
	for _, f := range all {
		v, err := ast.InterfaceToValue(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// perCheck holds one prepared query per rule of each check.
type perCheck struct {
	checks []perCheckQuery
}

type perCheckQuery struct {
	id         string
	applicable *rego.PreparedEvalQuery
	violation  rego.PreparedEvalQuery
}

func newPerCheck(tb testing.TB, e *engine.Engine) *perCheck {
	tb.Helper()
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".rego" || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(policies.FS(), p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	compiler := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1)
	if compiler.Compile(mods); compiler.Failed() {
		tb.Fatal(compiler.Errors)
	}
	// The same data.score.config as the engine's (the runtimes'
	// end-of-life table among it), as plain JSON values.
	opts, err := app.EngineOptions(nil, nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := json.Marshal(opts.Config)
	if err != nil {
		tb.Fatal(err)
	}
	var config map[string]any
	if err := util.UnmarshalJSON(raw, &config); err != nil {
		tb.Fatal(err)
	}
	store := inmem.NewFromObject(map[string]any{"score": map[string]any{"config": config}})
	prepare := func(query string) rego.PreparedEvalQuery {
		pq, err := rego.New(rego.Compiler(compiler), rego.Store(store), rego.StrictBuiltinErrors(true), rego.Query(query)).
			PrepareForEval(context.Background())
		if err != nil {
			tb.Fatalf("prepare %s: %v", query, err)
		}
		return pq
	}
	pc := &perCheck{}
	for _, c := range e.Checks() {
		ref := ast.MustParseRef("data." + c.Package)
		q := perCheckQuery{id: c.ID, violation: prepare(ref.Append(ast.StringTerm("violation")).String())}
		if c.HasApplicable {
			a := prepare(ref.Append(ast.StringTerm("applicable")).String())
			q.applicable = &a
		}
		pc.checks = append(pc.checks, q)
	}
	return pc
}

func (pc *perCheck) evaluate(tb testing.TB, ctx context.Context, input ast.Value) map[string]engine.Outcome {
	out := make(map[string]engine.Outcome, len(pc.checks))
	for _, q := range pc.checks {
		if q.applicable != nil {
			rs, err := q.applicable.Eval(ctx, rego.EvalParsedInput(input))
			if err != nil {
				tb.Fatal(err)
			}
			if len(rs) == 0 || rs[0].Expressions[0].Value != true {
				out[q.id] = engine.Skip
				continue
			}
		}
		rs, err := q.violation.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			tb.Fatal(err)
		}
		out[q.id] = engine.Pass
		if len(rs) > 0 {
			if vs, ok := rs[0].Expressions[0].Value.([]any); ok && len(vs) > 0 {
				out[q.id] = engine.Fail
			}
		}
	}
	return out
}

// largeRepo writes a 5,000-file monorepo of the benchmark organisation into
// a folder, as a working tree.
func largeRepo(tb testing.TB) string {
	tb.Helper()
	tmpls, err := org.LoadTemplates(fixtures)
	if err != nil {
		tb.Fatal(err)
	}
	p := org.NewPlanSized(1, 0, tmpls, 5000, true)
	dir := tb.TempDir()
	for name, data := range p.Files() {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkCollect5000Files collects the facts of a 5,000-file working tree
// (a monorepo of Go, Java, Node and Python services from the benchmark
// organisation) and evaluates them: what `score check` does on a large
// repository. collect-ms and evaluate-ms split the time.
func BenchmarkCollect5000Files(b *testing.B) {
	dir := largeRepo(b)
	p := app.NewPipeline(loadEngine(b), nil)
	ctx := context.Background()
	ref := source.RepoRef{Name: "large", Dir: dir}
	var collectTime, evaluateTime time.Duration
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	for b.Loop() {
		start := time.Now()
		snap, err := source.LocalSnapshot(ref)
		if err != nil {
			b.Fatal(err)
		}
		fc, err := collect.Collect(ctx, snap)
		if err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if r := p.ScoreFacts(ctx, fc, snap.Info); r.Repo.Error != "" {
			b.Fatal(r.Repo.Error)
		}
		collectTime += mid.Sub(start)
		evaluateTime += time.Since(mid)
		if n := len(fc.Files.Paths); n < 5000 {
			b.Fatalf("%d files listed, want at least 5000", n)
		}
	}
	b.ReportMetric(float64(collectTime.Milliseconds())/float64(b.N), "collect-ms")
	b.ReportMetric(float64(evaluateTime.Microseconds())/1000/float64(b.N), "evaluate-ms")
}

// BenchmarkCloneScan clones one mid-sized repository of the benchmark
// organisation (about 500 files) from git http-backend on loopback into
// memory, collects its facts and scores them: one repository of `score
// scan`.
func BenchmarkCloneScan(b *testing.B) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		b.Skip("git is not on PATH")
	}
	srv := gittest.NewServer(b)
	tmpls, err := org.LoadTemplates(fixtures)
	if err != nil {
		b.Fatal(err)
	}
	plan := org.NewPlanSized(1, 1, tmpls, 500, false)
	st, _, err := org.Build(gitPath, srv.Root, plan)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d files, %d bytes", plan.Name, st.Files, st.Bytes)
	ref := source.RepoRef{Name: plan.Name, URL: srv.RepoURL(plan.Name)}
	p := app.NewPipeline(loadEngine(b), nil)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	for b.Loop() {
		snap, err := source.Clone(ctx, ref, source.CloneOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if r := p.ScoreSnapshot(ctx, snap); r.Repo.Error != "" {
			b.Fatal(r.Repo.Error)
		}
	}
}

// TestGeneratorIsDeterministic builds the same repositories twice and
// expects the same commits, and a plan's tree to match what was built.
func TestGeneratorIsDeterministic(t *testing.T) {
	t.Parallel()
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not on PATH")
	}
	tmpls, err := org.LoadTemplates(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	heads := func(root string) []string {
		var out []string
		for i := range 4 {
			p := org.NewPlan(7, i, tmpls)
			st, fresh, err := org.Build(gitPath, root, p)
			if err != nil || !fresh {
				t.Fatalf("build %s: fresh=%v %v", p.Name, fresh, err)
			}
			if want := len(p.Files()); st.Files != want {
				t.Errorf("%s: %d files built, plan has %d", p.Name, st.Files, want)
			}
			dir := filepath.Join(root, p.Name+".git")
			out = append(out, gittest.Git(t, dir, "rev-parse", "HEAD"))
			if n := strings.Count(gittest.Git(t, dir, "rev-list", "HEAD"), "\n") + 1; n != p.Commits() {
				t.Errorf("%s: %d commits, plan has %d", p.Name, n, p.Commits())
			}
		}
		return out
	}
	a, b := heads(t.TempDir()), heads(t.TempDir())
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, different commits:\n%v\n%v", a, b)
	}
}

// TestPlansKeepTheirMix plans the first 300 repositories of an organisation
// (the tiny ones without generated files included) and expects every block
// of 100 to hold the same mix of kinds, so that a scan of the first 100 and
// one of 1,000 see the same shape.
func TestPlansKeepTheirMix(t *testing.T) {
	t.Parallel()
	tmpls, err := org.LoadTemplates(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var mixes []string
	for block := range 3 {
		kinds := map[string]int{}
		names := map[string]bool{}
		for i := block * 100; i < (block+1)*100; i++ {
			p := org.NewPlan(1, i, tmpls)
			kinds[p.Kind]++
			if names[p.Name] {
				t.Errorf("duplicate name %s", p.Name)
			}
			names[p.Name] = true
			if p.Commits() < 1 {
				t.Errorf("%s has no commits", p.Name)
			}
		}
		mixes = append(mixes, fmt.Sprint(kinds))
	}
	if mixes[0] != mixes[1] || mixes[1] != mixes[2] {
		t.Errorf("blocks of 100 differ in kinds: %v", mixes)
	}
}
