package engine

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Bounds on what one policy evaluation may build (docs/bounds.md). OPA
// checks the deadline between evaluation steps, not inside a built-in, so
// a single built-in asked for gigabytes (concat over five thousand 1 MB
// strings) would run to completion, or out of memory, long after the
// deadline. The built-ins that can build a value
// much larger than their operands therefore refuse, before doing any work,
// a result that could exceed these bounds; the error makes the check
// `error`. A value built up over many steps is caught by the heap
// watchdog in eval instead.
const (
	// MaxBuiltinBytes bounds a string a built-in may produce.
	MaxBuiltinBytes = 16 << 20
	// MaxBuiltinElements bounds an array or set a built-in may produce.
	MaxBuiltinElements = 1 << 20
	// DefaultMaxEvalMemory is how far the Go heap may grow during one
	// evaluation before it is stopped.
	DefaultMaxEvalMemory = 1 << 30
)

// errTooLarge is the built-in error for a refused result.
func errTooLarge(what string, n int) error {
	return fmt.Errorf("result would be %s, over the %s bound on built-in results", humanSize(what, n), humanSize(what, limitFor(what)))
}

func limitFor(what string) int {
	if what == "elements" {
		return MaxBuiltinElements
	}
	return MaxBuiltinBytes
}

func humanSize(what string, n int) string {
	if what == "elements" {
		return fmt.Sprintf("%d elements", n)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sizeChecks estimate, from the operands alone, an upper bound on the
// result of the built-ins that amplify their input, and refuse one over
// the bounds. Operands of the wrong type pass through to the built-in,
// which reports them.
var sizeChecks = map[string]func(ops []*ast.Term) error{
	"concat": func(ops []*ast.Term) error {
		delim, _ := ops[0].Value.(ast.String)
		n, total := 0, 0
		add := func(t *ast.Term) {
			n++
			if s, ok := t.Value.(ast.String); ok {
				total += len(s)
			}
		}
		switch c := ops[1].Value.(type) {
		case *ast.Array:
			c.Foreach(add)
		case ast.Set:
			c.Foreach(add)
		}
		return bytesBound(total + n*len(delim))
	},
	"sprintf": func(ops []*ast.Term) error {
		format, _ := ops[0].Value.(ast.String)
		if err := formatWidths(string(format)); err != nil {
			return err
		}
		return bytesBound(len(format) + termSize(ops[1], MaxBuiltinBytes))
	},
	"replace": func(ops []*ast.Term) error {
		s, ok1 := ops[0].Value.(ast.String)
		old, ok2 := ops[1].Value.(ast.String)
		repl, ok3 := ops[2].Value.(ast.String)
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		matches := len(s) + 1
		if len(old) > 0 {
			matches = strings.Count(string(s), string(old))
		}
		return bytesBound(len(s) + matches*len(repl))
	},
	"strings.replace_n": func(ops []*ast.Term) error {
		patterns, ok1 := ops[0].Value.(ast.Object)
		s, ok2 := ops[1].Value.(ast.String)
		if !ok1 || !ok2 {
			return nil
		}
		longest := 0
		patterns.Foreach(func(_, v *ast.Term) {
			if r, ok := v.Value.(ast.String); ok {
				longest = max(longest, len(r))
			}
		})
		return bytesBound(len(s) + (len(s)+1)*longest)
	},
	"regex.replace": regexReplaceBound,
	"array.concat": func(ops []*ast.Term) error {
		a, ok1 := ops[0].Value.(*ast.Array)
		b, ok2 := ops[1].Value.(*ast.Array)
		if !ok1 || !ok2 {
			return nil
		}
		return elementsBound(a.Len() + b.Len())
	},
	"numbers.range": func(ops []*ast.Term) error {
		return rangeBound(ops[0], ops[1], nil)
	},
	"numbers.range_step": func(ops []*ast.Term) error {
		return rangeBound(ops[0], ops[1], ops[2])
	},
	"json.marshal":            marshalBound,
	"yaml.marshal":            marshalBound,
	"base64.encode":           encodeBound(2),
	"base64url.encode":        encodeBound(2),
	"base64url.encode_no_pad": encodeBound(2),
	"hex.encode":              encodeBound(2),
	"urlquery.encode":         encodeBound(3),
	"json.marshal_with_options": func(ops []*ast.Term) error {
		grow := 2
		if opts, ok := ops[1].Value.(ast.Object); ok {
			opts.Foreach(func(_, v *ast.Term) {
				if s, ok := v.Value.(ast.String); ok {
					grow += len(s)
				}
			})
		}
		// Indentation is repeated per nesting level; bound the depth
		// by the size of the value.
		n := termSize(ops[0], MaxBuiltinBytes)
		if grow > 2 {
			return bytesBound(n * grow * min(n, 64))
		}
		return bytesBound(n * grow)
	},
	"bits.lsh": func(ops []*ast.Term) error {
		n, ok := ops[1].Value.(ast.Number)
		if !ok {
			return nil
		}
		if s, ok := n.Int(); ok && s > 8*MaxBuiltinBytes {
			return errTooLarge("bytes", s/8)
		}
		return nil
	},
}

func bytesBound(n int) error {
	if n > MaxBuiltinBytes || n < 0 {
		return errTooLarge("bytes", n)
	}
	return nil
}

func elementsBound(n int) error {
	if n > MaxBuiltinElements || n < 0 {
		return errTooLarge("elements", n)
	}
	return nil
}

func marshalBound(ops []*ast.Term) error {
	return bytesBound(2 * termSize(ops[0], MaxBuiltinBytes))
}

func encodeBound(factor int) func(ops []*ast.Term) error {
	return func(ops []*ast.Term) error {
		if s, ok := ops[0].Value.(ast.String); ok {
			return bytesBound(factor*len(s) + 4)
		}
		return nil
	}
}

// rangeBound refuses numbers.range(a, b[, step]) with too many elements.
func rangeBound(a, b, step *ast.Term) error {
	x, ok1 := a.Value.(ast.Number)
	y, ok2 := b.Value.(ast.Number)
	if !ok1 || !ok2 {
		return nil
	}
	bx, okx := new(big.Float).SetString(string(x))
	by, oky := new(big.Float).SetString(string(y))
	if !okx || !oky {
		return nil
	}
	n := new(big.Float).Abs(new(big.Float).Sub(by, bx))
	if step != nil {
		s, ok := step.Value.(ast.Number)
		if !ok {
			return nil
		}
		bs, ok := new(big.Float).SetString(string(s))
		if !ok || bs.Sign() <= 0 {
			return nil // the built-in reports a bad step
		}
		n.Quo(n, bs)
	}
	if n.Cmp(big.NewFloat(MaxBuiltinElements)) >= 0 {
		f, _ := n.Float64()
		return errTooLarge("elements", int(min(f, 1<<62)))
	}
	return nil
}

// formatWidths refuses a sprintf format with a width or precision larger
// than the bound, or given by an argument (`*`).
func formatWidths(format string) error {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for j := i + 1; j < len(format); j++ {
			c := format[j]
			switch {
			case c == '*':
				return errors.New("sprintf widths given by an argument (*) are not allowed")
			case c >= '0' && c <= '9':
				k := j
				for k < len(format) && format[k] >= '0' && format[k] <= '9' {
					k++
				}
				if k-j > 7 || atoi(format[j:k]) > MaxBuiltinBytes {
					return errTooLarge("bytes", MaxBuiltinBytes+1)
				}
				j = k - 1
			case c == '.' || c == '-' || c == '+' || c == '#' || c == ' ' || c == '[' || c == ']':
			default:
				i = j
				j = len(format)
			}
		}
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// termSize estimates the JSON size of t, stopping once it passes limit.
func termSize(t *ast.Term, limit int) int {
	n := 0
	var walk func(*ast.Term)
	walk = func(t *ast.Term) {
		if n > limit {
			return
		}
		switch v := t.Value.(type) {
		case ast.String:
			n += len(v) + 2
		case ast.Number:
			n += len(v)
		case *ast.Array:
			n += 2
			v.Foreach(func(e *ast.Term) { n++; walk(e) })
		case ast.Set:
			n += 2
			v.Foreach(func(e *ast.Term) { n++; walk(e) })
		case ast.Object:
			n += 2
			v.Foreach(func(k, e *ast.Term) { n += 2; walk(k); walk(e) })
		default:
			n += 8
		}
	}
	walk(t)
	return n
}

// init puts the size checks in front of OPA's own implementations. OPA
// looks built-ins up in one process-wide table, ahead of any per-query
// function, so this is the only place a check can go; it applies to every
// evaluation in the process, `score policy test` included.
func init() {
	for name, check := range sizeChecks {
		impl := topdown.GetBuiltin(name)
		if impl == nil {
			continue // not in this OPA version; TestSizeChecksInstalled says so
		}
		topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
			if len(ops) > 0 {
				if err := check(ops); err != nil {
					return err
				}
			}
			return impl(bctx, ops, iter)
		})
	}
}

// errMemory marks an evaluation stopped by the heap watchdog.
var errMemory = errors.New("evaluation memory budget exceeded")

// memoryStopped is the error of an evaluation the watchdog stopped; it
// matches errMemory.
type memoryStopped struct{ budget uint64 }

func (m memoryStopped) Error() string {
	return fmt.Sprintf("evaluation grew the heap by more than %d MiB and was stopped", m.budget>>20)
}

func (memoryStopped) Is(target error) bool { return target == errMemory }

const heapMetric = "/memory/classes/heap/objects:bytes"

// heapBytes reads the bytes of heap objects (live or not yet swept).
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// regexReplaceBound is regex.replace's size check: every position of s
// (and its end) replaced by repl. The regex call site (regexfilter.go)
// runs it before giving an unmatched input back, as the built-in would.
func regexReplaceBound(ops []*ast.Term) error {
	s, ok1 := ops[0].Value.(ast.String)
	repl, ok2 := ops[2].Value.(ast.String)
	if !ok1 || !ok2 {
		return nil
	}
	return bytesBound(len(s) + (len(s)+1)*len(repl))
}

// watchHeap cancels ctx with errMemory when the live heap grows more
// than budget bytes over its size at the start, sampling every few
// milliseconds until stop is called. Other goroutines' allocations count
// too, so a concurrent evaluation may be stopped with the culprit; the
// engine then re-runs each check on its own, and a check stopped again
// once more with no other evaluation running (see evaluateEach).
//
// One goroutine (sampleHeap) samples for every evaluation being watched.
// A goroutine of its own per evaluation, parked until the evaluation
// ended, cost each evaluation a thread woken to end it: a twentieth of
// the catalogue's evaluation time (docs/bounds.md, Heap growth).
func watchHeap(ctx context.Context, cancel context.CancelCauseFunc, budget uint64) (stop func()) {
	w := &heapWatch{ctx: ctx, cancel: cancel, start: heapBytes(), budget: budget}
	heapWatches.Lock()
	heapWatches.active[w] = struct{}{}
	if !heapWatches.sampling {
		heapWatches.sampling = true
		go sampleHeap()
	}
	heapWatches.Unlock()
	return func() {
		heapWatches.Lock()
		delete(heapWatches.active, w)
		heapWatches.Unlock()
	}
}

// heapWatch is one evaluation's heap budget.
type heapWatch struct {
	ctx           context.Context
	cancel        context.CancelCauseFunc
	start, budget uint64
}

// heapWatches are the evaluations being watched, and whether sampleHeap
// runs.
var heapWatches = struct {
	sync.Mutex
	active   map[*heapWatch]struct{}
	sampling bool
}{active: map[*heapWatch]struct{}{}}

const (
	// heapSampleEvery is how often the heap is sampled.
	heapSampleEvery = 5 * time.Millisecond
	// heapSampleIdle is how many samples without an evaluation end
	// sampleHeap: a scan's evaluations follow one another closely, and
	// each would otherwise start it again.
	heapSampleIdle = 200
)

// sampleHeap reads the heap every heapSampleEvery and stops the
// evaluations over their budget, until none has been watched for
// heapSampleIdle samples.
func sampleHeap() {
	t := time.NewTicker(heapSampleEvery)
	defer t.Stop()
	idle := 0
	var ws []*heapWatch
	for range t.C {
		heapWatches.Lock()
		if len(heapWatches.active) == 0 {
			if idle++; idle >= heapSampleIdle {
				heapWatches.sampling = false
				heapWatches.Unlock()
				return
			}
			heapWatches.Unlock()
			continue
		}
		idle = 0
		ws = ws[:0]
		for w := range heapWatches.active {
			ws = append(ws, w)
		}
		heapWatches.Unlock()
		stopOverBudget(ws)
		clear(ws)
	}
}

// stopOverBudget cancels the evaluations of ws whose budget the heap
// exceeds.
func stopOverBudget(ws []*heapWatch) {
	over := func(w *heapWatch, h uint64) bool {
		return w.ctx.Err() == nil && h > w.start && h-w.start > w.budget
	}
	h := heapBytes()
	if !slices.ContainsFunc(ws, func(w *heapWatch) bool { return over(w, h) }) {
		return
	}
	// The metric counts garbage not yet collected, which a large heap
	// lets pile up: measure what is live.
	runtime.GC()
	h = heapBytes()
	for _, w := range ws {
		if over(w, h) {
			w.cancel(errMemory)
		}
	}
}
