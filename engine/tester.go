package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// RunTests runs Rego unit tests (test_* rules, usually in _test.rego
// files) under the same sandbox and input schema as Load, and prints the
// results like `opa test` (sorted by file and line). The defaults,
// opts.Sources and dirs are all loaded and overridden the way Load does, so
// that a test can import any of them; whose tests run depends on dirs:
// with none, those of the defaults and opts.Sources; with dirs, only the
// dirs' own tests, unless all adds every other loaded test too. Disabled
// checks are tested too: disabling is about scoring, not about whether a
// policy works. Failed counts failures and errors; skipped (todo_) tests
// count as neither. err is an *InvalidPolicyError when the policies cannot
// be loaded or compiled; any other error is the run's (a cancelled
// context, a failed write).
func RunTests(ctx context.Context, opts Options, dirs []string, all bool, w io.Writer, verbose bool) (passed, failed int, err error) {
	caps := sandboxCapabilities()
	opts.Sources = append(slices.Clone(opts.Sources), dirs...)
	sets, readErr := readSources(opts, caps, true)
	if readErr != nil {
		return 0, 0, &InvalidPolicyError{sortedJoin(readErr)}
	}
	mods, _ := merge(sets)
	if len(dirs) > 0 && !all {
		mods = onlyTestsOf(mods, sets[len(sets)-len(dirs):])
	}
	config, err := canonicalConfig(opts.Config)
	if err != nil {
		return 0, 0, &InvalidPolicyError{err}
	}
	schema, err := inputSchema(opts.InputSchema)
	if err != nil {
		return 0, 0, &InvalidPolicyError{err}
	}

	modules := map[string]*ast.Module{}
	for _, m := range mods {
		addModule(modules, m)
	}
	runner := tester.NewRunner().
		SetCompiler(newCompiler(caps, schema, true)).
		SetStore(inmem.NewFromObject(map[string]any{"score": map[string]any{"config": config}})).
		SetModules(modules).
		SetDefaultRegoVersion(ast.RegoV1).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		EnableTracing(verbose)
	if opts.Timeout > 0 {
		runner = runner.SetTimeout(opts.Timeout)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		var list ast.Errors
		if errors.As(err, &list) {
			return 0, 0, &InvalidPolicyError{sortedJoin(compileErrors(list))}
		}
		return 0, 0, fmt.Errorf("run tests: %w", err)
	}

	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	slices.SortFunc(results, func(a, b *tester.Result) int {
		if a.Location == nil || b.Location == nil {
			return cmp.Compare(a.Package+a.Name, b.Package+b.Name)
		}
		return cmp.Or(cmp.Compare(a.Location.File, b.Location.File),
			cmp.Compare(a.Location.Row, b.Location.Row),
			cmp.Compare(a.Name, b.Name))
	})
	for _, r := range results {
		switch {
		case r.Pass():
			passed++
		case r.Fail || r.Error != nil:
			failed++
		}
	}

	sorted := make(chan *tester.Result, len(results))
	for _, r := range results {
		sorted <- r
	}
	close(sorted)
	reporter := tester.PrettyReporter{Output: w, Verbose: verbose, FailureLine: true}
	if err := reporter.Report(sorted); err != nil {
		return passed, failed, fmt.Errorf("report tests: %w", err)
	}
	if ctx.Err() != nil {
		return passed, failed, fmt.Errorf("run tests: %w", ctx.Err())
	}
	return passed, failed, nil
}

// onlyTestsOf keeps every policy module of mods (a test may import any of
// them) but only the test modules that come from the given sets.
func onlyTestsOf(mods []*module, sets []*policySet) []*module {
	own := map[*module]bool{}
	for _, s := range sets {
		for _, m := range s.modules {
			own[m] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(mods), func(m *module) bool { return m.test && !own[m] })
}

// InvalidPolicyError is RunTests' error for policies that do not load or
// compile: the input's fault, not the run's.
type InvalidPolicyError struct{ Err error }

func (e *InvalidPolicyError) Error() string { return e.Err.Error() }
func (e *InvalidPolicyError) Unwrap() error { return e.Err }
