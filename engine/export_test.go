package engine

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
)

// EvaluateTopdown evaluates input with OPA's topdown evaluator alone, the
// reference the plan evaluator is held to.
func EvaluateTopdown(ctx context.Context, e *Engine, input ast.Value) ([]Result, error) {
	c := &Engine{}
	*c = *e //nolint:govet // a copy of a loaded engine, for tests
	c.plans = plans{}
	return c.EvaluateValue(ctx, input)
}

// Planned reports whether e runs its checks on the plan evaluator.
func Planned(e *Engine) bool { return e.plans.ok() && (len(e.fixable) == 0 || e.plans.fixes != nil) }

// EvaluatePlan evaluates input with the plan evaluator alone: its errors
// are returned, not recovered from by topdown.
func EvaluatePlan(ctx context.Context, e *Engine, input ast.Value) ([]Result, error) {
	raw, err := e.evalProgram(ctx, e.plans.results, input)
	if err != nil {
		return nil, err
	}
	return e.resultsOf(raw)
}
