package scanners

import (
	"context"
	"fmt"
	"io/fs"
	"reflect"
	"runtime/debug"
	"sort"
)

// RepoInfo identifies a repository to scan and carries what its source knows
// about it (hints for ownership such as the GitLab group path).
type RepoInfo struct {
	Name          string   `json:"name"`
	URL           string   `json:"url,omitempty"`
	Commit        string   `json:"commit,omitempty"`
	DefaultBranch string   `json:"default_branch,omitempty"`
	GroupPath     string   `json:"group_path,omitempty"`
	Topics        []string `json:"topics,omitempty"`
	// Team is an owner named by the list of repositories to scan, if any.
	Team string `json:"team,omitempty"`
}

// Snapshot is one repository at one point in time: its identity and its files
// as an fs.FS rooted at the repository (a working tree, a commit read from git
// objects, or a fresh clone).
type Snapshot struct {
	Info RepoInfo
	FS   fs.FS
}

// A Collector reads one kind of file from the tree into its part of Facts.
// A collector records problems with a file as warnings and goes on; it
// returns an error only when the whole collection cannot continue.
type Collector interface {
	Name() string
	Collect(ctx context.Context, t *Tree, f *Facts) error
}

// collectors is the one registry of collectors, in the order they run.
// Later collectors may read what earlier ones filled (ci reads scripts).
func collectors() []Collector {
	return []Collector{
		filesCollector{},
		ownershipCollector{},
		dockerfileCollector{},
		containerBuilderCollector{},
		composeCollector{},
		scriptsCollector{},
		ciCollector{},
		dependencyCollector{},
		kubernetesCollector{},
		deployCollector{},
		monitoringCollector{},
		testsCollector{},
		securityCollector{},
		importsCollector{},
		runtimesCollector{},
	}
}

// CollectorNames lists the registered collectors.
func CollectorNames() []string {
	var names []string
	for _, c := range collectors() {
		names = append(names, c.Name())
	}
	return names
}

// Collect walks the snapshot once and runs every collector over it.
func Collect(ctx context.Context, snap Snapshot) (*Facts, error) {
	t, err := NewTreeContext(ctx, snap.FS)
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
func CollectTree(ctx context.Context, info RepoInfo, t *Tree) (*Facts, error) {
	return collectWith(ctx, info, t, collectors())
}

func collectWith(ctx context.Context, info RepoInfo, t *Tree, cs []Collector) (*Facts, error) {
	f := NewFacts(info)
	t.ctx = ctx
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
	fillNil(reflect.ValueOf(f))
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
func runCollector(ctx context.Context, c Collector, info RepoInfo, t *Tree, f *Facts) (err error) {
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
func uniqueWarnings(ws []Warning) []Warning {
	seen := make(map[Warning]bool, len(ws))
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// NewFacts returns a Facts document with every slice non-nil.
func NewFacts(info RepoInfo) *Facts {
	topics := info.Topics
	if topics == nil {
		topics = []string{}
	}
	return &Facts{
		SchemaVersion: SchemaVersion,
		Repo: RepoFacts{Name: info.Name, URL: info.URL, Commit: info.Commit,
			DefaultBranch: info.DefaultBranch, GroupPath: info.GroupPath, Topics: topics},
		Files:        FileFacts{Paths: []string{}, Languages: []string{}},
		Containers:   ContainerFacts{Dockerfiles: []Dockerfile{}, Builders: []ContainerBuilder{}, Compose: []ComposeFile{}},
		CI:           CIFacts{Configs: []CIConfig{}, Jobs: []CIJob{}, GitLabIncludes: []GitLabInclude{}, Workflows: []Workflow{}},
		Scripts:      ScriptFacts{MakeTargets: []MakeTarget{}, NpmScripts: []NpmScript{}, Shell: []ShellScript{}, TaskRunners: []MakeTarget{}},
		Dependencies: DependencyFacts{Manifests: []Manifest{}},
		Kubernetes:   KubernetesFacts{Workloads: []Workload{}, Resources: []Resource{}, Charts: []Pos{}, Kustomizations: []Pos{}},
		Deploy:       DeployFacts{GitOps: []GitOpsObject{}, Autoscalers: []Autoscaler{}, DisruptionBudgets: []NamedObject{}, Overlays: []DeployOverlay{}},
		Runtimes:     []Runtime{},
		Monitoring:   []MonitoringAsCode{},
		Tests:        TestFacts{Files: []TestFile{}, Languages: []string{}, Configs: []ToolConfig{}},
		Security:     SecurityFacts{Secrets: []Secret{}, Configs: []ToolConfig{}, PreCommit: []PreCommitHook{}, Policies: []string{}},
		Ownership:    OwnershipFacts{Catalog: []CatalogEntry{}, CodeOwners: []CodeOwners{}},
		Warnings:     []Warning{},
	}
}
