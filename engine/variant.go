package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// WithConfig returns an engine over the same compiled policies that hands
// them config as data.score.config instead (a golden path's own settings).
// Nothing is compiled again: only the query is prepared over a new store.
// Its digest is the original's combined with config.
func (e *Engine) WithConfig(ctx context.Context, config map[string]any) (*Engine, error) {
	canon, err := canonicalConfig(config)
	if err != nil {
		return nil, err
	}
	store := inmem.NewFromObject(map[string]any{"score": map[string]any{"config": canon}})
	data, err := planData(canon)
	if err != nil {
		return nil, err
	}
	compiled := func() (*ast.Compiler, error) {
		td, err := e.topdown()
		if err != nil {
			return nil, err
		}
		return td.compiler, nil
	}
	cfg, _ := json.Marshal(canon) // plain JSON values: cannot fail
	sum := sha256.Sum256([]byte(e.digest + ";config:" + string(cfg)))
	v := &Engine{
		checks:    e.checks,
		timeout:   e.timeout,
		maxMemory: e.maxMemory,
		digest:    "sha256:" + hex.EncodeToString(sum[:]),
		topdown:   newTopdown(ctx, compiled, store, e.caps, e.values),
		store:     store,
		caps:      e.caps,
		perCheck:  make([]lazyQuery, len(e.checks)),
		values:    e.values,
		plans:     e.plans,
		data:      data,
		fixable:   e.fixable,
		needs:     e.needs,
	}
	if !v.plans.ok() {
		if _, err := v.topdown(); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Rule is a prepared query of one rule of the loaded policies, such as a
// golden path's Rego selector.
type Rule struct {
	e   *Engine
	ref string
	pq  rego.PreparedEvalQuery
}

// PrepareRule prepares the query of ref (data.<package>.<rule>). A ref no
// loaded policy defines is an error.
func (e *Engine) PrepareRule(ctx context.Context, ref string) (*Rule, error) {
	r, err := ast.ParseRef(ref)
	if err != nil || !r.HasPrefix(ast.DefaultRootRef) || len(r) < 2 {
		return nil, fmt.Errorf("%q is not a rule reference such as data.platform.paths.go_service", ref)
	}
	td, err := e.topdown()
	if err != nil {
		return nil, err
	}
	if len(td.compiler.GetRulesForVirtualDocument(r)) == 0 && len(td.compiler.GetRulesExact(r)) == 0 {
		return nil, fmt.Errorf("rule %s is defined by no loaded policy", ref)
	}
	pq, err := rego.New(
		rego.Compiler(td.compiler),
		rego.Store(e.store),
		rego.Capabilities(e.caps),
		rego.StrictBuiltinErrors(true),
		rego.Query(ref),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare %s: %w", ref, err)
	}
	return &Rule{e: e, ref: ref, pq: pq}, nil
}

// True evaluates the rule against input (facts, or an ast.Value) under the
// engine's deadline: true only when the rule is defined and exactly true.
func (r *Rule) True(ctx context.Context, input any) (bool, error) {
	v, ok := input.(ast.Value)
	if !ok {
		var err error
		if v, err = ToValue(input); err != nil {
			return false, fmt.Errorf("convert input: %w", err)
		}
	}
	raw, err := r.e.eval(ctx, r.pq, v)
	if err != nil {
		if errors.Is(err, errNoResult) {
			return false, nil // undefined: the rule does not hold
		}
		return false, fmt.Errorf("%s: %w", r.ref, err)
	}
	b, _ := raw.(bool)
	return b, nil
}
