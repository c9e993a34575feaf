// Package engine evaluates the golden path. It loads Rego policies (the
// embedded default set, directories and OPA bundles), compiles them once in a
// sandbox (no network, no environment, a deadline per evaluation), reads each
// check's catalogue entry from its package # METADATA, evaluates one
// repository's facts against every check in a single prepared query, and runs
// the policies' Rego unit tests.
//
// The engine knows nothing about git, teams, scores or output formats: it
// takes a facts document and returns one Result per check.
package engine

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown/cache"
	"github.com/open-policy-agent/opa/v1/util"
)

// DefaultTimeout bounds one evaluation when Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// DefaultSource is Check.Source for a check from the embedded policies.
const DefaultSource = "default"

// Levels are the check levels, lowest first.
var Levels = []string{"bronze", "silver", "gold"}

// Check is one catalogue entry: a Rego package under score.checks with its
// package-scope # METADATA.
type Check struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Category    string `json:"category"`
	Level       string `json:"level"`
	Weight      int    `json:"weight"`
	Remediation string `json:"remediation"`
	// Package is the Rego package without the data. prefix
	// (score.checks.security.container_non_root).
	Package string `json:"package"`
	// File and Line locate the package declaration that carries the
	// metadata.
	File string `json:"file"`
	Line int    `json:"line"`
	// HasApplicable is true when the package defines an applicable rule; a
	// check without one always applies.
	HasApplicable bool `json:"has_applicable"`
	// HasEvidence is true when the package defines an evidence rule: what
	// the outcome rests on, in the shape of violations, reported for every
	// outcome (see docs/writing-policies.md).
	HasEvidence bool `json:"has_evidence,omitempty"`
	// HasWarning is true when the package defines a warning rule: findings
	// that do not fail the check but should be seen (a runtime that
	// reaches its end of life soon), in the shape of violations.
	HasWarning bool `json:"has_warning,omitempty"`
	// Source is "default" for the embedded policies, otherwise the
	// directory or bundle the check came from.
	Source string `json:"source"`
}

// Finding is one violation reported by a check.
type Finding struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// Outcome is the verdict of one check on one repository.
type Outcome string

// Outcomes the engine produces. Exemptions are applied later, by the scorecard package.
const (
	Pass  Outcome = "pass"
	Fail  Outcome = "fail"
	Skip  Outcome = "skip"
	Error Outcome = "error"
)

// Result is one check's outcome on one repository. Findings are set for
// Fail, sorted by path, line and message; Error is set for Error.
// Evidence, from the check's evidence rule, is set for any outcome but
// Error, sorted like findings.
type Result struct {
	CheckID  string    `json:"check_id"`
	Outcome  Outcome   `json:"outcome"`
	Findings []Finding `json:"findings,omitempty"`
	Evidence []Finding `json:"evidence,omitempty"`
	// Warnings, from the check's warning rule, are set for any outcome
	// but Error, sorted like findings.
	Warnings []Finding `json:"warnings,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// Options configure Load (and RunTests).
type Options struct {
	// Sources are policy directories, single .rego files, bundle
	// directories (with a .manifest) or bundle tarballs (.tar.gz), loaded
	// after the defaults in order. A check whose id or package matches an
	// earlier one replaces it: the earlier modules are dropped before
	// compiling, so a same-package override works. A helper package
	// (score.lib.*) defined again likewise replaces the earlier one.
	Sources []string
	// NoDefaults skips DefaultFS.
	NoDefaults bool
	// DefaultFS is the embedded policy set (policies.FS()); nil means none.
	DefaultFS fs.FS
	// Disabled are check ids to drop; an unknown id is an error.
	Disabled []string
	// Timeout bounds one evaluation; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxEvalMemory bounds how far the Go heap may grow during one
	// evaluation; zero means DefaultMaxEvalMemory.
	MaxEvalMemory uint64
	// Config is exposed to policies as data.score.config.
	Config map[string]any
	// Overrides change loaded checks' level and weight; an unknown id is
	// an error.
	Overrides []Override
	// InputSchema is the JSON Schema of the input (facts.FactsSchema());
	// when set, policies are type-checked against it at load time, so a
	// policy reading a field that does not exist fails to load.
	InputSchema []byte
	// CacheDir, when set, is where Load remembers the policy sets that
	// already passed the compiler's checks, so that loading the same set
	// again skips them (see cache.go). Empty disables the cache.
	CacheDir string
	// ToolVersion is score's version, part of the cache key.
	ToolVersion string
	// Topdown evaluates every check with OPA's topdown evaluator, as
	// before the plan evaluator (vm.go): the baseline of the benchmarks,
	// and a way to tell whether a surprising result is the plan's.
	Topdown bool
}

// Engine holds compiled policies. It is safe for concurrent use.
type Engine struct {
	checks  []Check
	timeout time.Duration
	// maxMemory is the heap growth one evaluation may cause.
	maxMemory uint64
	digest    string
	needs     Needs

	store storage.Store
	caps  *ast.Capabilities

	// topdown is OPA's compiler and the prepared query of every check,
	// made on first use: a load from the cache that the plan evaluator
	// serves never decodes the compiled modules.
	topdown  func() (*topdownState, error)
	perCheck []lazyQuery // aligned with checks
	// plans are the queries run by the plan evaluator (vm.go); data is
	// what they see as data.
	plans plans
	data  ast.Value
	// fixable are the ids of the checks with a fix rule (fix.go).
	fixable map[string]bool
	// values keeps compiled regular expressions across evaluations. OPA's
	// own process-wide cache holds 100 and the default catalogue uses about
	// 200, so without it patterns were recompiled for every repository.
	values cache.InterQueryValueCache
}

// topdownState is what evaluation by OPA's topdown evaluator needs.
type topdownState struct {
	compiler *ast.Compiler
	all      rego.PreparedEvalQuery // the query of every check
}

// plans are a policy set's queries planned for the plan evaluator. A
// policy set the planner refuses has none and is evaluated by topdown
// alone: nothing is lost but speed.
type plans struct {
	results *program // data.score_engine.results
	fixes   *program // data.score_engine_fixes.fixes; nil: no check has a fix
	// On a load from the cache the plans are decoded apart from the load:
	// the checks' on a goroutine of its own while the caller goes on (score
	// check collects the repository's facts meanwhile; the first
	// evaluation waits for it), the fixes' when a fix is first evaluated
	// (most commands never evaluate one).
	cachedResults, cachedFixes *lazyProgram
}

// resultsPlan is the checks' plan, nil when there is none or it did not
// decode.
func (p plans) resultsPlan() *program {
	if p.results != nil || p.cachedResults == nil {
		return p.results
	}
	return p.cachedResults.get()
}

// fixesPlan is the fixes plan, nil when there is none (or its encoding in
// the cache does not decode: fixes then go to topdown, as without one).
func (p plans) fixesPlan() *program {
	if p.fixes != nil || p.cachedFixes == nil {
		return p.fixes
	}
	return p.cachedFixes.get()
}

// WaitLoaded returns once everything Load started is done: on a load from
// the cache, the checks' plan is decoded beside the caller (Evaluate waits
// for it itself). It is for measuring a load whole.
func (e *Engine) WaitLoaded() { e.plans.resultsPlan() }

// lazyProgram is a plan of a cache entry, decoded once, by the first
// caller of get; others wait for it.
type lazyProgram struct {
	once sync.Once
	// code is the plan's bytes in the mapped entry; entry keeps the
	// mapping until the decode is done.
	code  []byte
	entry any
	// failed, if set, runs when the plan does not decode.
	failed func()
	p      *program
}

func (l *lazyProgram) get() *program {
	l.once.Do(func() {
		// The entry is a mapped file: one cut short under it (by hand:
		// score replaces entries by renaming) faults, a panic here. That,
		// or a decoder bug on a hostile entry, is a failed decode, never
		// a crash.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if recover() != nil {
				l.p = nil
			}
			if l.p == nil && l.failed != nil {
				l.failed()
			}
			l.code, l.entry = nil, nil
		}()
		l.p, _ = decodeProgram(l.code)
	})
	return l.p
}

type lazyQuery struct {
	once sync.Once
	pq   rego.PreparedEvalQuery
	err  error
}

// Load reads, validates and compiles the policies and prepares the query
// that evaluates every check. Every problem found is reported at once, each
// naming its file and line.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	caps := sandboxCapabilities()

	raws, readErr := readRawSources(opts, caps, false)
	// A policy set loaded before comes compiled from the cache (see
	// cache.go); any problem with the entry means the full load below.
	var cacheKey string
	if readErr == nil && opts.CacheDir != "" {
		cacheKey = loadCacheKey(raws, opts, caps)
		if hit, ok := loadCacheRead(opts.CacheDir, cacheKey, raws, caps); ok {
			config, err := canonicalConfig(opts.Config)
			if err != nil {
				return nil, err
			}
			cached := hit.compiler
			compiler := func() (*ast.Compiler, error) {
				if c, err := cached(); err == nil {
					return c, nil
				}
				// The entry's compiled modules are damaged (they are
				// checked only now): compile the sources, which the key
				// says are the entry's, and write the entry anew.
				full, err := compileSources(context.WithoutCancel(ctx), opts, caps, raws, nil)
				if err != nil {
					return nil, err
				}
				_ = loadCacheWrite(opts.CacheDir, cacheKey, raws, full, opts.ToolVersion)
				return full.compiler, nil
			}
			return prepare(ctx, opts, caps, config, timeout, hit.checks, hit.mods, compiler, hit.needs, hit.plans, hit.fixable)
		}
	}

	full, err := compileSources(ctx, opts, caps, raws, readErr)
	if err != nil {
		return nil, err
	}
	config, err := canonicalConfig(opts.Config)
	if err != nil {
		return nil, err
	}
	if cacheKey != "" {
		// Never fatal: an unwritable cache costs the next load the
		// full compile, nothing else.
		_ = loadCacheWrite(opts.CacheDir, cacheKey, raws, full, opts.ToolVersion)
	}
	return prepare(ctx, opts, caps, config, timeout, full.checks, full.mods,
		func() (*ast.Compiler, error) { return full.compiler, nil }, full.needs, full.plans, full.fixable)
}

// compiledSet is a policy set parsed, compiled and planned.
type compiledSet struct {
	sets     []*policySet
	mods     []*module
	checks   []*Check
	needs    Needs
	compiler *ast.Compiler
	fixable  []string
	plans    plans
}

// compileSources parses, merges, disables, compiles and plans what
// readRawSources read (readErr is its error). Every problem is reported at
// once, each naming its file and line.
func compileSources(ctx context.Context, opts Options, caps *ast.Capabilities, raws []rawSource, readErr error) (*compiledSet, error) {
	sets, readErr := parseSources(raws, caps, false, readErr)
	mods, checks := merge(sets)
	// A disabled check's config keys stay known (the config may still
	// set them); its files are no longer read.
	all, needsErr := needsOf(mods)
	readErr = errors.Join(readErr, needsErr)
	if readErr == nil {
		// With read errors a check may be missing, so an unknown id
		// would be a spurious complaint.
		var err error
		if checks, mods, err = disable(checks, mods, opts.Disabled); err != nil {
			return nil, err
		}
	}
	if _, err := canonicalConfig(opts.Config); err != nil {
		return nil, err
	}
	schema, err := inputSchema(opts.InputSchema)
	if err != nil {
		return nil, err
	}

	needs, _ := needsOf(mods) // its errors are all's
	needs.ConfigKeys = all.ConfigKeys
	compiled := map[string]*ast.Module{}
	for _, m := range mods {
		if !m.test {
			addModule(compiled, m)
		}
	}
	gen, err := ast.ParseModuleWithOpts(generatedFile, generatedModule(checks), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, fmt.Errorf("generate query module: %w", err)
	}
	compiled[generatedFile] = gen

	compiler := newCompiler(caps, schema, false)
	if compiler.Compile(compiled); compiler.Failed() {
		return nil, sortedJoin(readErr, compileErrors(compiler.Errors))
	}
	if readErr != nil {
		return nil, sortedJoin(readErr)
	}
	fixable := fixableChecks(compiler, checks)
	return &compiledSet{sets: sets, mods: mods, checks: checks, needs: needs, compiler: compiler, fixable: fixable,
		plans: planChecks(ctx, caps, compiler, checks, fixable)}, nil
}

// prepare prepares the query over every check of a compiled policy set.
func prepare(ctx context.Context, opts Options, caps *ast.Capabilities, config map[string]any, timeout time.Duration,
	checks []*Check, mods []*module, compiled func() (*ast.Compiler, error), needs Needs, planned plans, fixable []string) (*Engine, error) {
	checks, err := applyOverrides(checks, opts.Overrides)
	if err != nil {
		return nil, err
	}
	if opts.Topdown {
		planned = plans{}
	}
	store := inmem.NewFromObject(map[string]any{"score": map[string]any{"config": config}})
	values := newValueCache(ctx)
	data, err := planData(config)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		topdown:   newTopdown(ctx, compiled, store, caps, values),
		plans:     planned,
		data:      data,
		fixable:   map[string]bool{},
		values:    values,
		checks:    make([]Check, len(checks)),
		timeout:   timeout,
		maxMemory: cmp.Or(opts.MaxEvalMemory, DefaultMaxEvalMemory),
		digest:    digest(mods, opts.Config, opts.Disabled, opts.Overrides),
		needs:     needs,
		store:     store,
		caps:      caps,
		perCheck:  make([]lazyQuery, len(checks)),
	}
	for i, c := range checks {
		e.checks[i] = *c
	}
	for _, id := range fixable {
		e.fixable[id] = true
	}
	if !planned.ok() {
		// Topdown evaluates every check: its failures are load errors,
		// as before there was a plan evaluator.
		if _, err := e.topdown(); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// ok says whether the checks are evaluated on the plan evaluator: a plan
// still decoding counts (one that fails sends each repository to topdown's
// per-check queries, see planResults).
func (p plans) ok() bool { return p.results != nil || p.cachedResults != nil }

// newTopdown returns the maker of the topdown state over store, run once
// on first use.
func newTopdown(ctx context.Context, compiled func() (*ast.Compiler, error), store storage.Store, caps *ast.Capabilities,
	values cache.InterQueryValueCache) func() (*topdownState, error) {
	// The state serves every later caller: one caller's cancellation must
	// not become everybody's error.
	ctx = context.WithoutCancel(ctx)
	return sync.OnceValues(func() (*topdownState, error) {
		compiler, err := compiled()
		if err != nil {
			return nil, err
		}
		all, err := rego.New(
			rego.Compiler(compiler),
			rego.Store(store),
			rego.Capabilities(caps),
			rego.StrictBuiltinErrors(true),
			rego.InterQueryBuiltinValueCache(values),
			rego.Query(generatedPackage+".results"),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare query: %w", err)
		}
		return &topdownState{compiler: compiler, all: all}, nil
	})
}

// planChecks plans the query of every check, and that of the fix rules
// of the fixable checks, for the plan evaluator (vm.go). It plans over the
// compiler topdown uses: OPA's IR mode differs from it only in skipping
// the indices that topdown alone reads, so compiling the policies again
// for the planner (twice the cold load) is not needed.
func planChecks(ctx context.Context, caps *ast.Capabilities, compiler *ast.Compiler, checks []*Check, fixable []string) plans {
	// Preparing a query for a target plugin switches the compiler to IR
	// mode; topdown's later queries need it back.
	defer compiler.WithEvalMode(ast.EvalModeTopdown)
	byID := map[string]*Check{}
	for _, c := range checks {
		byID[c.ID] = c
	}
	var (
		p   plans
		err error
	)
	if p.results, err = planProgram(ctx, caps, compiler, generatedPackage+".results"); err != nil {
		return plans{}
	}
	if len(fixable) > 0 {
		// Without a fixes plan, fixes are evaluated by topdown.
		p.fixes, _ = planProgram(ctx, caps, compiler, "x := "+fixesQuery(fixable, byID))
	}
	return p
}

// planData is the data document the plan evaluator sees: the store's.
func planData(config map[string]any) (ast.Value, error) {
	data, err := ast.InterfaceToValue(map[string]any{"score": map[string]any{"config": config}})
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return data, nil
}

// Checks returns the catalogue of enabled checks, sorted by ID.
func (e *Engine) Checks() []Check { return slices.Clone(e.checks) }

// Digest identifies the loaded policies: "sha256:<hex>" over the sorted
// (path, source text) pairs of the evaluated modules, the config and the
// disabled ids. The same policies give the same digest wherever they were
// loaded from.
func (e *Engine) Digest() string { return e.digest }

func digest(mods []*module, config map[string]any, disabled []string, overrides []Override) string {
	type entry struct{ path, text string }
	var entries []entry
	for _, m := range mods {
		if !m.test {
			entries = append(entries, entry{m.rel, m.text})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := strings.Compare(a.path, b.path); c != 0 {
			return c
		}
		return strings.Compare(a.text, b.text)
	})
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s;", len(s), s) }
	field("modules")
	for _, e := range entries {
		field(e.path)
		field(e.text)
	}
	cfg, _ := json.Marshal(config) // validated by canonicalConfig; maps marshal with sorted keys
	field("config")
	field(string(cfg))
	ids := slices.Clone(disabled)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	field("disabled")
	for _, id := range ids {
		field(id)
	}
	if len(overrides) > 0 {
		// Only when present, so that digests without overrides stay
		// those of earlier versions.
		ov := slices.Clone(overrides)
		slices.SortFunc(ov, func(a, b Override) int { return strings.Compare(a.ID, b.ID) })
		field("overrides")
		for _, o := range ov {
			field(fmt.Sprintf("%s=%s/%d", o.ID, o.Level, o.Weight))
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// canonicalConfig turns the config into plain JSON values, so that YAML
// decoders' types and Go structs reach Rego the way JSON would.
func canonicalConfig(config map[string]any) (map[string]any, error) {
	if config == nil {
		return map[string]any{}, nil
	}
	b, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	var out map[string]any
	if err := util.UnmarshalJSON(b, &out); err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	return out, nil
}

func inputSchema(raw []byte) (*ast.SchemaSet, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var schema any
	if err := util.UnmarshalJSON(raw, &schema); err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, schema)
	return ss, nil
}

func newCompiler(caps *ast.Capabilities, schema *ast.SchemaSet, print bool) *ast.Compiler {
	c := ast.NewCompiler().
		WithCapabilities(caps).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(print).
		SetErrorLimit(0)
	if schema != nil {
		c = c.WithSchemas(schema)
	}
	return c
}

// addModule adds m under a unique key: two sources may hold files with the
// same display path, and the compiler keys modules by name.
func addModule(mods map[string]*ast.Module, m *module) {
	key := m.file
	for i := 2; ; i++ {
		if _, ok := mods[key]; !ok {
			break
		}
		key = fmt.Sprintf("%s#%d", m.file, i)
	}
	mods[key] = m.parsed
}

// maxCachedValues bounds the regex cache: patterns come from the policies
// and the platform config, not from repositories, so this is never reached
// in practice, but a policy that builds patterns from input cannot grow it
// without limit.
const maxCachedValues = 4096

func newValueCache(ctx context.Context) cache.InterQueryValueCache {
	n := maxCachedValues
	return cache.NewInterQueryValueCache(ctx, &cache.Config{
		InterQueryBuiltinValueCache: cache.InterQueryBuiltinValueCacheConfig{MaxNumEntries: &n},
	})
}
