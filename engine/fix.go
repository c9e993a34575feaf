package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// A check declares how to fix itself with a `fix` set rule beside its
// violation rule, for example
//
//	fix contains {"create": "SECURITY.md", "template": "security-policy"} if ...
//
// The rule is compiled and type-checked with the rest of the package, but
// it is evaluated only here, when `score fix` asks for it: scoring never
// pays for it.

// Fixable returns the ids of the enabled checks whose package defines a fix
// rule, sorted.
func (e *Engine) Fixable() []string {
	var ids []string
	for _, c := range e.checks {
		if e.hasFix(c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func (e *Engine) hasFix(c Check) bool { return e.fixable[c.ID] }

// fixableChecks are the ids of the checks whose package defines a fix rule.
func fixableChecks(compiler *ast.Compiler, checks []*Check) []string {
	var ids []string
	for _, c := range checks {
		if len(compiler.GetRulesExact(fixRef(c.Package))) > 0 {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func fixRef(pkg string) ast.Ref {
	return ast.MustParseRef("data." + pkg).Append(ast.StringTerm("fix"))
}

// fixesQuery is the object of every listed check's fixes, by id.
func fixesQuery(ids []string, byID map[string]*Check) string {
	var q strings.Builder
	q.WriteString("{")
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "%s: [f | some f in %s]", strconv.Quote(id), fixRef(byID[id].Package))
	}
	q.WriteString("}")
	return q.String()
}

// Fixes evaluates the fix rule of each check in ids against input and
// returns each check's fix declarations as JSON objects, in a stable order.
// A check without a fix rule, or whose rule yields nothing for this input,
// is absent from the result; an unknown id is an error.
func (e *Engine) Fixes(ctx context.Context, input any, ids []string) (map[string][]json.RawMessage, error) {
	byID := map[string]*Check{}
	for i := range e.checks {
		byID[e.checks[i].ID] = &e.checks[i]
	}
	var wanted []string
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("fixes: unknown check id %q", id)
		}
		if e.hasFix(*c) {
			wanted = append(wanted, id)
		}
	}
	out := map[string][]json.RawMessage{}
	if len(wanted) == 0 {
		return out, nil
	}
	v, ok := input.(ast.Value)
	if !ok {
		var err error
		if v, err = ast.InterfaceToValue(input); err != nil {
			return nil, fmt.Errorf("convert input: %w", err)
		}
	}
	all, err := e.planFixes(ctx, v)
	if err != nil {
		// The plan evaluates every check's fix rule; topdown evaluates
		// the wanted ones, and says which one fails.
		if all, err = e.topdownFixes(ctx, v, wanted, byID); err != nil {
			return nil, err
		}
	}
	for _, id := range wanted {
		raw := all[id]
		list, _ := raw.([]any)
		for _, f := range list {
			if _, ok := f.(map[string]any); !ok {
				c := byID[id]
				return nil, fmt.Errorf("%s:%d: check %s: fix %s is not an object", c.File, c.Line, id, compactJSON(f))
			}
			b, err := json.Marshal(f)
			if err != nil {
				return nil, fmt.Errorf("check %s: fix: %w", id, err)
			}
			out[id] = append(out[id], b)
		}
		slices.SortFunc(out[id], func(a, b json.RawMessage) int { return strings.Compare(string(a), string(b)) })
	}
	return out, nil
}

// planFixes evaluates every fixable check's fix rule on the plan evaluator.
func (e *Engine) planFixes(ctx context.Context, input ast.Value) (map[string]any, error) {
	fixes := e.plans.fixesPlan()
	if fixes == nil {
		return nil, errors.New("no fixes plan")
	}
	v, err := e.evalProgram(ctx, fixes, input)
	if err != nil {
		return nil, err
	}
	raw, err := ast.JSON(v)
	if err != nil {
		return nil, err
	}
	all, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("evaluate fixes: unexpected result %T", raw)
	}
	return all, nil
}

// topdownFixes evaluates the fix rules of the checks ids with topdown.
func (e *Engine) topdownFixes(ctx context.Context, input ast.Value, ids []string, byID map[string]*Check) (map[string]any, error) {
	td, err := e.topdown()
	if err != nil {
		return nil, err
	}
	pq, err := rego.New(
		rego.Compiler(td.compiler),
		rego.Store(e.store),
		rego.Capabilities(e.caps),
		rego.StrictBuiltinErrors(true),
		rego.Query("x := "+fixesQuery(ids, byID)),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare fix query: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalInterQueryBuiltinValueCache(e.values))
	if err != nil {
		return nil, fmt.Errorf("evaluate fixes: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("evaluate fixes: no result")
	}
	all, _ := rs[0].Bindings["x"].(map[string]any)
	return all, nil
}
