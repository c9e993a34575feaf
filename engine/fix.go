package engine

import (
	"context"
	"encoding/json"
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

func (e *Engine) hasFix(c Check) bool {
	ref := ast.MustParseRef("data." + c.Package).Append(ast.StringTerm("fix"))
	return len(e.compiler.GetRulesExact(ref)) > 0
}

// Fixes evaluates the fix rule of each check in ids against input and
// returns each check's fix declarations as JSON objects, in a stable order.
// A check without a fix rule, or whose rule yields nothing for this input,
// is absent from the result; an unknown id is an error.
func (e *Engine) Fixes(ctx context.Context, input any, ids []string) (map[string][]json.RawMessage, error) {
	byID := map[string]Check{}
	for _, c := range e.checks {
		byID[c.ID] = c
	}
	var q strings.Builder
	q.WriteString("x := {")
	n := 0
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("fixes: unknown check id %q", id)
		}
		if !e.hasFix(c) {
			continue
		}
		if n > 0 {
			q.WriteString(", ")
		}
		n++
		fix := ast.MustParseRef("data." + c.Package).Append(ast.StringTerm("fix")).String()
		fmt.Fprintf(&q, "%s: [f | some f in %s]", strconv.Quote(id), fix)
	}
	q.WriteString("}")
	out := map[string][]json.RawMessage{}
	if n == 0 {
		return out, nil
	}
	v, ok := input.(ast.Value)
	if !ok {
		var err error
		if v, err = ast.InterfaceToValue(input); err != nil {
			return nil, fmt.Errorf("convert input: %w", err)
		}
	}
	pq, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Store(e.store),
		rego.Capabilities(e.caps),
		rego.StrictBuiltinErrors(true),
		rego.Query(q.String()),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare fix query: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(v), rego.EvalInterQueryBuiltinValueCache(e.values))
	if err != nil {
		return nil, fmt.Errorf("evaluate fixes: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("evaluate fixes: no result")
	}
	all, _ := rs[0].Bindings["x"].(map[string]any)
	for id, raw := range all {
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
