package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

const (
	generatedPackage = "data.score_engine"
	generatedFile    = "(score engine query)"
)

// generatedModule is the module behind the single query: one rule per check
// (check_<i>, in catalogue order) collecting whether it applies and its
// violations, and results mapping every id to its rule. A check without an
// applicable rule always applies; one with it applies when it is true, and
// its violations and warnings are not evaluated when it does not.
func generatedModule(checks []*Check) string {
	var b strings.Builder
	b.WriteString("package score_engine\n\n")
	for i, c := range checks {
		pkg := ast.MustParseRef("data." + c.Package)
		violation := pkg.Append(ast.StringTerm("violation")).String()
		applicable := "true"
		if c.HasApplicable {
			applicable = fmt.Sprintf("applicable_%d", i)
			fmt.Fprintf(&b, "default applicable_%d := false\n\n", i)
			fmt.Fprintf(&b, "applicable_%d if %s\n\n", i, pkg.Append(ast.StringTerm("applicable")).String())
		}
		evidence := "[]"
		if c.HasEvidence {
			evidence = fmt.Sprintf("[e | some e in %s]", pkg.Append(ast.StringTerm("evidence")).String())
		}
		warnings := "[]"
		if c.HasWarning {
			warnings = fmt.Sprintf("[w | some w in %s]", pkg.Append(ast.StringTerm("warning")).String())
		}
		if c.HasApplicable {
			// A check that does not apply is not evaluated further: only
			// its evidence is read (see checkResult).
			fmt.Fprintf(&b, "check_%d := {\"applicable\": false, \"violations\": [], \"evidence\": %s, \"warnings\": []} if {\n\tnot %s\n} else := ", i, evidence, applicable)
		} else {
			fmt.Fprintf(&b, "check_%d := ", i)
		}
		fmt.Fprintf(&b, "{\"applicable\": %s, \"violations\": [v | some v in %s], \"evidence\": %s, \"warnings\": %s}\n\n", applicable, violation, evidence, warnings)
	}
	b.WriteString("results := {\n")
	for i, c := range checks {
		fmt.Fprintf(&b, "\t%s: check_%d,\n", strconv.Quote(c.ID), i)
	}
	b.WriteString("}\n")
	return b.String()
}

// Evaluate evaluates every check against input (a Facts value or anything
// that marshals to the same JSON; an ast.Value is used as is) and returns one
// Result per check, sorted by ID. It is safe for concurrent use.
func (e *Engine) Evaluate(ctx context.Context, input any) ([]Result, error) {
	if v, ok := input.(ast.Value); ok {
		return e.EvaluateValue(ctx, v)
	}
	v, err := ToValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert input: %w", err)
	}
	return e.EvaluateValue(ctx, v)
}

// EvaluateValue is Evaluate for callers that convert the input once.
//
// All checks run in one query under one deadline. If that query fails (a
// conflict, a built-in error, the deadline), each check is evaluated on its
// own query with its own deadline, so that only the broken or slow check
// reports Error. Built-in errors are errors, not "undefined": a check whose
// to_number or regex fails must not pass silently. An error is returned
// only when ctx itself ends.
func (e *Engine) EvaluateValue(ctx context.Context, input ast.Value) ([]Result, error) {
	var (
		out []Result
		err error
	)
	if e.plans.ok() {
		out, err = e.planResults(ctx, input)
	} else {
		td, tdErr := e.topdown()
		if tdErr != nil {
			return nil, tdErr
		}
		var v ast.Value
		if v, err = e.evalValue(ctx, td.all, input); err == nil {
			out, err = e.resultsOf(v)
		}
	}
	if err == nil {
		return out, nil
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("evaluate: %w", context.Cause(ctx))
	}
	return e.evaluateEach(ctx, input)
}

// planResults evaluates every check on the plan evaluator: the checks'
// own rules when the plan has them all (it always has: the generated
// module reads them), else the plan's query.
func (e *Engine) planResults(ctx context.Context, input ast.Value) ([]Result, error) {
	prog := e.plans.resultsPlan()
	if prog == nil {
		return nil, errors.New("the checks' plan from the policy cache did not decode")
	}
	parts := prog.checkParts(e.checks)
	if parts == nil {
		v, err := e.evalProgram(ctx, prog, input)
		if err != nil {
			return nil, err
		}
		return e.resultsOf(v)
	}
	terms, err := e.evalChecks(ctx, parts, input)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(e.checks))
	for i, c := range e.checks {
		t := terms[i]
		out[i] = resultOf(c.ID, t.applicable, members(t.violation), members(t.evidence), members(t.warnings))
	}
	return out, nil
}

// resultsOf reads the value of the query of every check. It reads the
// evaluator's values as they are: turning them into Go maps first was a
// tenth of an evaluation's allocations.
func (e *Engine) resultsOf(v ast.Value) ([]Result, error) {
	results, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("evaluate: unexpected result %s", typeName(v))
	}
	out := make([]Result, len(e.checks))
	for i, c := range e.checks {
		out[i] = checkResult(c.ID, results.Get(ast.StringTerm(c.ID)))
	}
	return out, nil
}

// evaluateEach evaluates every check on its own prepared query.
func (e *Engine) evaluateEach(ctx context.Context, input ast.Value) ([]Result, error) {
	out := make([]Result, len(e.checks))
	for i, c := range e.checks {
		pq, err := e.checkQuery(ctx, i)
		if err != nil {
			return nil, err
		}
		raw, err := e.eval(ctx, pq, input)
		if errors.Is(err, errMemory) && ctx.Err() == nil {
			// Stopped by the heap budget, which counts every goroutine's
			// allocations: run it again alone, so that the error stays
			// with the check that grew the heap (docs/bounds.md).
			raw, err = e.evalAlone(ctx, pq, input)
		}
		var v ast.Value
		if err == nil {
			v, err = jsonValue(raw)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("evaluate: %w", context.Cause(ctx))
			}
			out[i] = Result{CheckID: c.ID, Outcome: Error, Error: err.Error()}
			continue
		}
		out[i] = checkResult(c.ID, ast.NewTerm(v))
	}
	return out, nil
}

// checkQuery prepares check i's own query on first use.
func (e *Engine) checkQuery(ctx context.Context, i int) (rego.PreparedEvalQuery, error) {
	q := &e.perCheck[i]
	q.once.Do(func() {
		// The result is cached for every later caller, so one caller's
		// cancellation must not become everybody's error.
		ctx := context.WithoutCancel(ctx)
		td, err := e.topdown()
		if err != nil {
			q.err = err
			return
		}
		q.pq, q.err = rego.New(
			rego.Compiler(td.compiler),
			rego.Store(e.store),
			rego.Capabilities(e.caps),
			rego.StrictBuiltinErrors(true),
			rego.InterQueryBuiltinValueCache(e.values),
			rego.Query(fmt.Sprintf("%s.check_%d", generatedPackage, i)),
		).PrepareForEval(ctx)
		if q.err != nil {
			q.err = fmt.Errorf("prepare query for %s: %w", e.checks[i].ID, q.err)
		}
	})
	return q.pq, q.err
}

// errNoResult is an undefined query: no check's rule is ever undefined,
// a selector rule may be.
var errNoResult = errors.New("query produced no result")

// errDeadline marks an evaluation stopped by the engine's own deadline.
var errDeadline = errors.New("evaluation deadline exceeded")

// evalLock lets an evaluation stopped by the heap budget run again with
// no other evaluation in the process (they all hold it for reading).
var evalLock sync.RWMutex

// eval runs one prepared query under the engine's deadline and returns the
// value of its single expression.
func (e *Engine) eval(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (any, error) {
	evalLock.RLock()
	defer evalLock.RUnlock()
	return e.evalLocked(ctx, pq, input)
}

// evalAlone is eval with no other evaluation running in the process.
func (e *Engine) evalAlone(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (any, error) {
	evalLock.Lock()
	defer evalLock.Unlock()
	return e.evalLocked(ctx, pq, input)
}

func (e *Engine) evalLocked(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (any, error) {
	return bounded(ctx, e, func(ctx context.Context) (any, error) {
		// A prepared query does not keep the cache it was prepared with:
		// it has to be given to every Eval, or OPA falls back to its own
		// 100-entry cache, which the catalogue's patterns overflow.
		rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalInterQueryBuiltinValueCache(e.values))
		if err != nil {
			return nil, err
		}
		if len(rs) != 1 || len(rs[0].Expressions) != 1 {
			return nil, errNoResult
		}
		return rs[0].Expressions[0].Value, nil
	})
}

// jsonValue is the ast value of a query result as rego returns it (the
// JSON types, numbers as json.Number): a direct walk, where
// InterfaceToValue would encode and decode it as JSON first.
func jsonValue(x any) (ast.Value, error) {
	switch x := x.(type) {
	case nil:
		return ast.Null{}, nil
	case bool:
		return ast.Boolean(x), nil
	case string:
		return ast.String(x), nil
	case json.Number:
		return ast.Number(x), nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			v, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(v)
		}
		return ast.NewArray(terms...), nil
	case map[string]any:
		pairs := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			v, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
		}
		return ast.NewObject(pairs...), nil
	}
	return ast.InterfaceToValue(x)
}

// evalValue is eval with the value as the evaluator's.
func (e *Engine) evalValue(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (ast.Value, error) {
	raw, err := e.eval(ctx, pq, input)
	if err != nil {
		return nil, err
	}
	return jsonValue(raw)
}

// evalProgram is eval of a planned query by the plan evaluator.
func (e *Engine) evalProgram(ctx context.Context, p *program, input ast.Value) (ast.Value, error) {
	evalLock.RLock()
	defer evalLock.RUnlock()
	return bounded(ctx, e, func(ctx context.Context) (ast.Value, error) {
		t, err := p.eval(ctx, input, e.data, builtinContext(ctx, time.Now(), e.values))
		if err != nil {
			return nil, err
		}
		return t.Value, nil
	})
}

// evalChecks is evalProgram of the checks' own rules: their values by
// check, without the object of every check's value the plan builds.
func (e *Engine) evalChecks(ctx context.Context, parts []checkFns, input ast.Value) ([]checkTerms, error) {
	evalLock.RLock()
	defer evalLock.RUnlock()
	return bounded(ctx, e, func(ctx context.Context) ([]checkTerms, error) {
		return e.plans.resultsPlan().evalChecks(ctx, input, e.data, builtinContext(ctx, time.Now(), e.values), parts)
	})
}

// bounded runs one evaluation under the engine's deadline and heap budget.
func bounded[T any](ctx context.Context, e *Engine, run func(context.Context) (T, error)) (T, error) {
	var zero T
	ctx, cancel := context.WithTimeoutCause(ctx, e.timeout, errDeadline)
	defer cancel()
	ctx, stopMem := context.WithCancelCause(ctx)
	defer stopMem(nil)
	defer watchHeap(ctx, stopMem, e.maxMemory)()
	v, err := run(ctx)
	if err != nil {
		switch cause := context.Cause(ctx); {
		case errors.Is(cause, errDeadline):
			return zero, fmt.Errorf("evaluation took longer than %s and was stopped", e.timeout)
		case errors.Is(cause, errMemory):
			return zero, memoryStopped{e.maxMemory}
		}
		return zero, err
	}
	return v, nil
}

// The keys of a check's result and of a violation.
var (
	keyApplicable = ast.StringTerm("applicable")
	keyViolations = ast.StringTerm("violations")
	keyEvidence   = ast.StringTerm("evidence")
	keyWarnings   = ast.StringTerm("warnings")
	keyMsg        = ast.StringTerm("msg")
	keyPath       = ast.StringTerm("path")
	keyLine       = ast.StringTerm("line")
)

// checkResult turns {"applicable": bool, "violations": [...]} into a Result.
func checkResult(id string, t *ast.Term) Result {
	var obj ast.Object
	if t != nil {
		obj, _ = t.Value.(ast.Object)
	}
	if obj == nil {
		return Result{CheckID: id, Outcome: Error, Error: "unexpected result " + typeName(termValue(t))}
	}
	applicable, _ := termValue(obj.Get(keyApplicable)).(ast.Boolean)
	return resultOf(id, bool(applicable), elems(obj.Get(keyViolations)), elems(obj.Get(keyEvidence)), elems(obj.Get(keyWarnings)))
}

// resultOf is a check's Result from whether it applies and its
// violations, evidence and warnings (those of a check that does not apply
// are not read).
func resultOf(id string, applicable bool, violations, evidence, warnings []*ast.Term) Result {
	ev, err := findingsOf(evidence)
	if err != nil {
		return Result{CheckID: id, Outcome: Error, Error: "evidence: " + err.Error()}
	}
	if !applicable {
		return Result{CheckID: id, Outcome: Skip, Evidence: ev}
	}
	warns, err := findingsOf(warnings)
	if err != nil {
		return Result{CheckID: id, Outcome: Error, Error: "warning: " + err.Error()}
	}
	vs, err := findingsOf(violations)
	if err != nil {
		return Result{CheckID: id, Outcome: Error, Error: err.Error()}
	}
	if len(vs) == 0 {
		return Result{CheckID: id, Outcome: Pass, Evidence: ev, Warnings: warns}
	}
	return Result{CheckID: id, Outcome: Fail, Findings: vs, Evidence: ev, Warnings: warns}
}

// elems is the elements of an array; nil for anything else.
func elems(t *ast.Term) []*ast.Term {
	list, _ := termValue(t).(*ast.Array)
	if list == nil {
		return nil
	}
	out := make([]*ast.Term, list.Len())
	for i := range out {
		out[i] = list.Elem(i)
	}
	return out
}

// members is what `some x in t` ranges over, as the generated module's
// [v | some v in violation] reads a rule: the elements of an array or set,
// the values of an object; nothing for undefined or a scalar.
func members(t *ast.Term) []*ast.Term {
	switch v := termValue(t).(type) {
	case *ast.Array:
		return elems(t)
	case ast.Set:
		return v.Slice()
	case ast.Object:
		out := make([]*ast.Term, 0, v.Len())
		v.Foreach(func(_, x *ast.Term) { out = append(out, x) })
		return out
	}
	return nil
}

func termValue(t *ast.Term) ast.Value {
	if t == nil {
		return nil
	}
	return t.Value
}

func isNull(v ast.Value) bool {
	_, ok := v.(ast.Null)
	return ok
}

// typeName names a value's type as JSON does, for errors.
func typeName(v ast.Value) string {
	if v == nil {
		return "undefined"
	}
	return ast.ValueName(v)
}

// findingsOf reads a list of violation-shaped values, sorted and without
// duplicates; nil for none.
func findingsOf(list []*ast.Term) ([]Finding, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := make([]Finding, 0, len(list))
	for _, t := range list {
		f, err := finding(t.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(out), nil
}

// finding reads one violation: a string, or an object with a string msg and
// optional path (string) and line (integer).
func finding(v ast.Value) (Finding, error) {
	switch v := v.(type) {
	case ast.String:
		return Finding{Message: string(v)}, nil
	case ast.Object:
		msg, ok := termValue(v.Get(keyMsg)).(ast.String)
		if !ok {
			return Finding{}, fmt.Errorf("violation %s has no string msg", v)
		}
		f := Finding{Message: string(msg)}
		if p := termValue(v.Get(keyPath)); p != nil && !isNull(p) {
			path, ok := p.(ast.String)
			if !ok {
				return Finding{}, fmt.Errorf("violation %s: path is not a string", v)
			}
			f.Path = string(path)
		}
		if l := termValue(v.Get(keyLine)); l != nil && !isNull(l) {
			line, ok := lineNumber(l)
			if !ok {
				return Finding{}, fmt.Errorf("violation %s: line is not an integer", v)
			}
			f.Line = line
		}
		return f, nil
	}
	return Finding{}, fmt.Errorf("violation %s is neither a string nor an object with msg", v)
}

// lineNumber reads a line: a non-negative integer that fits 32 bits.
func lineNumber(v ast.Value) (int, bool) {
	n, ok := v.(ast.Number)
	if !ok {
		return 0, false
	}
	i, ok := n.Int64()
	if !ok || i < 0 || i > math.MaxInt32 {
		return 0, false
	}
	return int(i), true
}
func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
