package ci

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// Collector reads the CI configuration of every provider into one shape:
// configuration files, jobs with the commands they run (and what those
// commands reach through Makefiles, package.json scripts, task runners and
// repository scripts), GitLab includes and Actions workflows. It runs after
// scripts.Collector, whose facts it follows.
type Collector struct{}

func (Collector) Name() string { return "ci" }

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	c := newCIContext(t, f)
	byProvider := map[string][]string{}
	for _, p := range t.Files {
		if prov := ProviderOf(p); prov != "" {
			byProvider[prov] = append(byProvider[prov], p)
		}
	}
	for _, prov := range providers {
		if err := ctx.Err(); err != nil {
			return err
		}
		paths := byProvider[prov.name]
		if len(paths) == 0 {
			continue
		}
		// A CI file that exists is a pipeline definition even when it
		// cannot be parsed (the warning says why): readers record it first,
		// so a broken file reads as "no jobs found", not "no pipeline".
		prov.read(c, prov.name, paths)
	}
	sort.SliceStable(f.CI.Configs, func(i, j int) bool { return f.CI.Configs[i].Path < f.CI.Configs[j].Path })
	return nil
}

// IsConfigPath reports whether p is a CI configuration file of any
// provider (GitLab: the root file only; its includes are found by
// following it).
func IsConfigPath(p string) bool { return ProviderOf(p) != "" }

// ProviderOf names the provider a file configures, "" for none. Fixture
// trees never hold the service's CI. Providers are asked in their order;
// the first that matches owns the file.
func ProviderOf(p string) string {
	if snapshot.IsFixturePath(p) {
		return ""
	}
	f := newCIPath(p)
	for _, prov := range providers {
		if prov.match(f) {
			return prov.name
		}
	}
	return ""
}

// underDir reports whether dir is root or inside it.
func underDir(dir, root string) bool { return dir == root || strings.HasPrefix(dir, root+"/") }

// ciContext carries what every provider reader needs.
type ciContext struct {
	t       *snapshot.Tree
	f       *facts.Facts
	reach   *reachIndex
	configs map[string]bool
	// yamlCache holds files read from more than one place (templates,
	// local actions); nil for a file that did not parse.
	yamlCache map[string]*yamlnode.YamlFile
	bounds    ciBounds // see ci_bounds.go
}

func newCIContext(t *snapshot.Tree, f *facts.Facts) *ciContext {
	return &ciContext{t: t, f: f, reach: newReachIndex(&f.Scripts), configs: map[string]bool{}, yamlCache: map[string]*yamlnode.YamlFile{}}
}

// addConfig records a configuration file once.
func (c *ciContext) addConfig(provider, p string) {
	if c.configs[p] {
		return
	}
	c.configs[p] = true
	c.f.CI.Configs = append(c.f.CI.Configs, facts.CIConfig{Provider: provider, Path: p})
}

// jobBuilder collects one job; commands remember the directory they run in
// so that `make test` in a sub-directory reaches the right Makefile.
type jobBuilder struct {
	job  facts.CIJob
	dirs []string
	// indirect are commands the job runs from another file (a local
	// composite action), recorded as reached.
	indirect     []facts.Command
	indirectDirs []string
	// env are the workflow's and job's env: values (Actions), read by
	// expandEnv.
	env map[string]string
}

func newJob(provider, p, name string, line int) *jobBuilder {
	return &jobBuilder{job: facts.CIJob{
		Provider: provider, Path: p, Name: name, Line: line,
		Commands: []facts.Command{}, Reached: []facts.Command{}, Uses: []facts.Uses{}, Reports: []string{}, Extends: []string{},
	}}
}

// report records that the job publishes a report of kind to its CI system
// (a GitLab artifacts:reports kind; "junit" for Jenkins junit/xunit steps
// and CircleCI store_test_results).
func (jb *jobBuilder) report(kind string) {
	if !slices.Contains(jb.job.Reports, kind) {
		jb.job.Reports = append(jb.job.Reports, kind)
	}
}

// run adds commands that run in dir ("" or "." for the repository root).
func (jb *jobBuilder) run(cmds []facts.Command, dir string) {
	for _, cmd := range expandShellAssignments(cmds) {
		if len(jb.job.Commands) >= yamlnode.MaxJobCommands {
			return
		}
		jb.job.Commands = append(jb.job.Commands, cmd)
		jb.dirs = append(jb.dirs, shell.CleanDir(dir))
	}
}

func (jb *jobBuilder) use(u facts.Uses) {
	if u.With == nil {
		u.With = map[string]string{}
	}
	jb.job.Uses = append(jb.job.Uses, u)
}

// emit follows the job's commands into the scripts they call and appends
// the job to the facts.
func (c *ciContext) emit(jb *jobBuilder) {
	r := c.reach.newRun()
	for i, cmd := range jb.indirect {
		r.add(cmd, jb.indirectDirs[i], 0)
	}
	for i, cmd := range jb.job.Commands {
		r.follow(cmd, jb.dirs[i], 0)
	}
	jb.job.Reached = r.out
	if jb.job.Reached == nil {
		jb.job.Reached = []facts.Command{}
	}
	if !c.boundJob(&jb.job) {
		return
	}
	c.f.CI.Jobs = append(c.f.CI.Jobs, jb.job)
}
