package engine

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Planned reports whether e runs its checks on the plan evaluator.
func Planned(e *Engine) bool {
	return e.plans.ok() && (len(e.fixable) == 0 || e.plans.fixesPlan() != nil)
}

// EvaluatePlan evaluates input with the plan evaluator alone: its errors
// are returned, not recovered from by topdown.
func EvaluatePlan(ctx context.Context, e *Engine, input ast.Value) ([]Result, error) {
	return e.planResults(ctx, input)
}

// FixesPlan is Fixes on the plan evaluator alone.
func FixesPlan(ctx context.Context, e *Engine, input ast.Value, ids []string) (map[string][]json.RawMessage, error) {
	c := *e //nolint:govet // a copy of a loaded engine, for tests
	c.topdown = func() (*topdownState, error) { return nil, errors.New("topdown was asked") }
	return c.Fixes(ctx, input, ids)
}
