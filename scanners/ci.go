package scanners

import (
	"context"
	"path"
	"slices"
	"sort"
	"strings"
)

// ciCollector reads the CI configuration of every provider into one shape:
// configuration files, jobs with the commands they run (and what those
// commands reach through Makefiles, package.json scripts, task runners and
// repository scripts), GitLab includes and Actions workflows. It runs after
// scriptsCollector, whose facts it follows.
type ciCollector struct{}

func (ciCollector) Name() string { return "ci" }

// ciProviders is the order providers are read in, so that output is stable.
var ciProviders = []string{
	"gitlab", "github", "forgejo", "gitea", "jenkins", "circleci", "travis",
	"azure", "bitbucket", "drone", "woodpecker", "cloudbuild",
}

func (ciCollector) Collect(ctx context.Context, t *Tree, f *Facts) error {
	c := newCIContext(t, f)
	byProvider := map[string][]string{}
	for _, p := range t.Files {
		if prov := ciProviderOf(p); prov != "" {
			byProvider[prov] = append(byProvider[prov], p)
		}
	}
	for _, prov := range ciProviders {
		if err := ctx.Err(); err != nil {
			return err
		}
		paths := byProvider[prov]
		if len(paths) == 0 {
			continue
		}
		// A CI file that exists is a pipeline definition even when it
		// cannot be parsed (the warning says why): record it first, so a
		// broken file reads as "no jobs found", not "no pipeline".
		switch prov {
		case "gitlab":
			root := paths[0]
			if c.t.Has(".gitlab-ci.yml") {
				root = ".gitlab-ci.yml" // GitLab's default when both spellings exist
			}
			c.addConfig(prov, root)
			c.gitlab(root)
		case "github", "forgejo", "gitea":
			for _, p := range paths {
				c.addConfig(prov, p)
				c.actionsWorkflow(prov, p)
			}
		case "azure":
			c.azure(paths) // decides which files are pipelines, not templates

		default:
			for _, p := range paths {
				c.addConfig(prov, p)
				c.single(prov, p)
			}
		}
	}
	sort.SliceStable(f.CI.Configs, func(i, j int) bool { return f.CI.Configs[i].Path < f.CI.Configs[j].Path })
	return nil
}

// single reads a provider whose configuration is one self-contained file.
func (c *ciContext) single(provider, p string) {
	switch provider {
	case "jenkins":
		c.jenkins(p)
	case "circleci":
		c.circleci(p)
	case "travis":
		c.travis(p)
	case "bitbucket":
		c.bitbucket(p)
	case "drone", "woodpecker":
		c.drone(provider, p)
	case "cloudbuild":
		c.cloudbuild(p)
	}
}

// isCIConfigPath reports whether p is a CI configuration file of any
// provider (GitLab: the root file only; its includes are found by
// following it).
func isCIConfigPath(p string) bool { return ciProviderOf(p) != "" }

// ciProviderOf names the provider a file configures, "" for none. Fixture
// trees never hold the service's CI.
func ciProviderOf(p string) string {
	if IsFixturePath(p) {
		return ""
	}
	lower := strings.ToLower(p)
	base, dir, ext := path.Base(lower), path.Dir(lower), path.Ext(lower)
	yml := ext == ".yml" || ext == ".yaml"
	switch {
	case p == ".gitlab-ci.yml" || p == ".gitlab-ci.yaml":
		return "gitlab"
	case dir == ".github/workflows" && yml:
		return "github"
	case dir == ".forgejo/workflows" && yml:
		return "forgejo"
	case dir == ".gitea/workflows" && yml:
		return "gitea"
	case isJenkinsfile(base, dir, ext):
		return "jenkins"
	case lower == ".circleci/config.yml" || lower == ".circleci/config.yaml":
		return "circleci"
	case lower == ".travis.yml" || lower == ".travis.yaml":
		return "travis"
	case yml && (strings.HasPrefix(base, "azure-pipelines") || underDir(dir, ".azure-pipelines") || underDir(dir, ".azuredevops")):
		return "azure"
	case lower == "bitbucket-pipelines.yml" || lower == "bitbucket-pipelines.yaml":
		return "bitbucket"
	case lower == ".drone.yml" || lower == ".drone.yaml":
		return "drone"
	case lower == ".woodpecker.yml" || lower == ".woodpecker.yaml" || (underDir(dir, ".woodpecker") && yml):
		return "woodpecker"
	case strings.HasPrefix(base, "cloudbuild") && (yml || ext == ".json"):
		return "cloudbuild"
	}
	return ""
}

func isJenkinsfile(base, dir, ext string) bool {
	switch {
	case base == "jenkinsfile", strings.HasSuffix(base, ".jenkinsfile"):
		return true
	case strings.HasPrefix(base, "jenkinsfile."):
		return ext != ".md" && ext != ".txt"
	}
	return ext == ".groovy" && (dir == "jenkins" || strings.HasSuffix(dir, "/jenkins"))
}

// underDir reports whether dir is root or inside it.
func underDir(dir, root string) bool { return dir == root || strings.HasPrefix(dir, root+"/") }

// ciContext carries what every provider reader needs.
type ciContext struct {
	t       *Tree
	f       *Facts
	reach   *reachIndex
	configs map[string]bool
	// yamlCache holds files read from more than one place (templates,
	// local actions); nil for a file that did not parse.
	yamlCache map[string]*yamlFile
}

func newCIContext(t *Tree, f *Facts) *ciContext {
	return &ciContext{t: t, f: f, reach: newReachIndex(&f.Scripts), configs: map[string]bool{}, yamlCache: map[string]*yamlFile{}}
}

// addConfig records a configuration file once.
func (c *ciContext) addConfig(provider, p string) {
	if c.configs[p] {
		return
	}
	c.configs[p] = true
	c.f.CI.Configs = append(c.f.CI.Configs, CIConfig{Provider: provider, Path: p})
}

// jobBuilder collects one job; commands remember the directory they run in
// so that `make test` in a sub-directory reaches the right Makefile.
type jobBuilder struct {
	job  CIJob
	dirs []string
	// indirect are commands the job runs from another file (a local
	// composite action), recorded as reached.
	indirect     []Command
	indirectDirs []string
	// env are the workflow's and job's env: values (Actions), read by
	// expandEnv.
	env map[string]string
}

func newJob(provider, p, name string, line int) *jobBuilder {
	return &jobBuilder{job: CIJob{
		Provider: provider, Path: p, Name: name, Line: line,
		Commands: []Command{}, Reached: []Command{}, Uses: []Uses{}, Reports: []string{}, Extends: []string{},
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
func (jb *jobBuilder) run(cmds []Command, dir string) {
	for _, cmd := range cmds {
		if len(jb.job.Commands) >= maxJobCommands {
			return
		}
		jb.job.Commands = append(jb.job.Commands, cmd)
		jb.dirs = append(jb.dirs, cleanDir(dir))
	}
}

func (jb *jobBuilder) use(u Uses) {
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
		jb.job.Reached = []Command{}
	}
	c.f.CI.Jobs = append(c.f.CI.Jobs, jb.job)
}

func cleanDir(dir string) string {
	if dir == "" {
		return "."
	}
	return path.Clean(strings.TrimPrefix(dir, "/"))
}
