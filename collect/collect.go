package collect

import (
	"context"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"

	"github.com/scoredev/score/collect/ci"
	"github.com/scoredev/score/collect/containers"
	"github.com/scoredev/score/collect/deploy"
	"github.com/scoredev/score/collect/deps"
	"github.com/scoredev/score/collect/files"
	"github.com/scoredev/score/collect/imports"
	"github.com/scoredev/score/collect/kubernetes"
	"github.com/scoredev/score/collect/monitoring"
	"github.com/scoredev/score/collect/ownership"
	"github.com/scoredev/score/collect/runtimes"
	"github.com/scoredev/score/collect/scripts"
	"github.com/scoredev/score/collect/security"
	"github.com/scoredev/score/collect/tests"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// A Collector reads one kind of file from the tree into its part of Facts.
// A collector records problems with a file as warnings and goes on; it
// returns an error only when the whole collection cannot continue.
type Collector interface {
	Name() string
	Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error
}

// registry is the one list of collectors, in the order they run. Later
// collectors may read what earlier ones filled (ci reads scripts). A new
// collector is one line here (see docs/architecture.md).
var registry = mustRegistry(
	files.Collector{},
	ownership.Collector{},
	containers.DockerfileCollector{},
	containers.ContainerBuilderCollector{},
	containers.ComposeCollector{},
	scripts.Collector{},
	ci.Collector{},
	deps.Collector{},
	kubernetes.Collector{},
	deploy.Collector{},
	monitoring.Collector{},
	tests.Collector{},
	security.Collector{},
	imports.Collector{},
	runtimes.Collector{},
)

// mustRegistry refuses two collectors with one name: facts and warnings
// name their collector, and a second registration would run it twice.
func mustRegistry(cs ...Collector) []Collector {
	if err := checkRegistry(cs); err != nil {
		panic(err)
	}
	return cs
}

func checkRegistry(cs []Collector) error {
	seen := map[string]bool{}
	for _, c := range cs {
		if c.Name() == "" {
			return fmt.Errorf("collect: collector %T has no name", c)
		}
		if seen[c.Name()] {
			return fmt.Errorf("collect: collector %q registered twice", c.Name())
		}
		seen[c.Name()] = true
	}
	return nil
}

func collectors() []Collector { return registry }

// CollectorNames lists the registered collectors.
func CollectorNames() []string {
	var names []string
	for _, c := range collectors() {
		names = append(names, c.Name())
	}
	return names
}

// Collect walks the snapshot once and runs every collector over it.
func Collect(ctx context.Context, snap snapshot.Snapshot) (*facts.Facts, error) {
	t, err := snapshot.NewTreeContext(ctx, snap.FS)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", snap.Info.Name, err)
	}
	return CollectTree(ctx, snap.Info, t)
}

// CollectTree runs every collector over an already walked tree.
//
// A collector that panics stops the collection with an error naming it,
// rather than a warning: the facts it left half-filled could make checks
// pass or fail wrongly, and an error row is honest about that.
func CollectTree(ctx context.Context, info facts.RepoInfo, t *snapshot.Tree) (*facts.Facts, error) {
	return collectWith(ctx, info, t, collectors())
}

func collectWith(ctx context.Context, info facts.RepoInfo, t *snapshot.Tree, cs []Collector) (*facts.Facts, error) {
	f := facts.NewFacts(info)
	t.Ctx = ctx
	for _, c := range cs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("collect %s: %w", c.Name(), context.Cause(ctx))
		}
		if err := runCollector(ctx, c, info, t, f); err != nil {
			return nil, fmt.Errorf("collect %s: %w", c.Name(), err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("collect: %w", context.Cause(ctx))
	}
	f.Warnings = append(f.Warnings, t.Warnings()...)
	f.CI.CommandWords = facts.CommandWords(f.CI.Jobs)
	f.Dependencies.Families = facts.DependencyFamilies(f.Dependencies.Manifests)
	facts.FillNil(reflect.ValueOf(f))
	sort.SliceStable(f.Warnings, func(i, j int) bool {
		a, b := f.Warnings[i], f.Warnings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	f.Warnings = uniqueWarnings(f.Warnings)
	return f, nil
}

// runCollector runs one collector, turning a panic into an error.
func runCollector(ctx context.Context, c Collector, info facts.RepoInfo, t *snapshot.Tree, f *facts.Facts) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	if hook := faultHook.Load(); hook != nil {
		(*hook)(c.Name(), info)
	}
	return c.Collect(ctx, t, f)
}

// PanicError is a recovered panic: a bug in score, reported as an error
// row rather than a crash. Stack is for a debug log, not for users.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error: %v (please report)", e.Value)
}

// uniqueWarnings drops repeats: several collectors read the same file (a
// .gitlab-ci.yml over 1 MiB was reported three times).
func uniqueWarnings(ws []facts.Warning) []facts.Warning {
	seen := make(map[facts.Warning]bool, len(ws))
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
