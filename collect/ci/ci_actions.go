package ci

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// GitHub Actions and the forges that run the same workflow format.
var (
	_ = register(provider{name: "github", order: 20, match: workflowsIn(".github/workflows"), read: readWorkflows})
	_ = register(provider{name: "forgejo", order: 30, match: workflowsIn(".forgejo/workflows"), read: readWorkflows})
	_ = register(provider{name: "gitea", order: 40, match: workflowsIn(".gitea/workflows"), read: readWorkflows})
)

func workflowsIn(dir string) func(p ciPath) bool {
	return func(p ciPath) bool { return p.dir == dir && p.yml }
}

func readWorkflows(c *ciContext, name string, paths []string) {
	for _, p := range paths {
		c.addConfig(name, p)
		c.actionsWorkflow(name, p)
	}
}

// maxLocalActionDepth bounds local composite actions calling each other.
const maxLocalActionDepth = 5

// actionsWorkflow reads a GitHub, Forgejo or Gitea Actions workflow into a
// Workflow (permissions per job) and one CIJob per job.
func (c *ciContext) actionsWorkflow(provider, p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig(provider, p)
	doc := y.FirstMapping()
	wf := facts.Workflow{Provider: provider, Path: p, Name: yamlnode.YamlStr(yamlnode.YamlGet(doc, "name")), Jobs: []facts.WorkflowJob{}}
	wf.Permissions = actionsPermissions(y, doc)
	wfDir := yamlnode.YamlStr(yamlnode.YamlPath(doc, "defaults", "run", "working-directory"))
	for _, pair := range yamlnode.YamlPairs(yamlnode.YamlGet(doc, "jobs")) {
		job := pair.Value
		if !yamlnode.YamlIsMap(job) {
			continue
		}
		line := y.Clamp(pair.KeyNode.Line)
		wf.Jobs = append(wf.Jobs, facts.WorkflowJob{
			Name: pair.Key, Line: line, Permissions: actionsPermissions(y, job),
			UsesWorkflow: yamlnode.YamlStr(yamlnode.YamlGet(job, "uses")),
		})
		c.emit(c.actionsJob(provider, y, pair.Key, line, job, wfDir))
	}
	c.f.CI.Workflows = append(c.f.CI.Workflows, wf)
}

// actionsPermissions reads a permissions: block (a scalar such as read-all, or a
// map of scopes); nil when absent.
func actionsPermissions(y *yamlnode.YamlFile, n *yaml.Node) *facts.Permissions {
	k, v := yamlnode.YamlGetPair(n, "permissions")
	if k == nil {
		return nil
	}
	perms := &facts.Permissions{Scopes: map[string]string{}, Line: y.Clamp(k.Line)}
	if v != nil && v.Kind == yaml.ScalarNode {
		perms.Scalar = v.Value
		return perms
	}
	for _, p := range yamlnode.YamlPairs(v) {
		perms.Scopes[p.Key] = yamlnode.YamlStr(p.Value)
	}
	return perms
}

func (c *ciContext) actionsJob(provider string, y *yamlnode.YamlFile, name string, line int, job *yaml.Node, wfDir string) *jobBuilder {
	jb := newJob(provider, y.Path, name, line)
	jb.job.Image = containerImage(yamlnode.YamlGet(job, "container"))
	jb.job.Environment = ciEnvironment(y, yamlnode.YamlGet(job, "environment"))
	if k, uses := yamlnode.YamlGetPair(job, "uses"); k != nil {
		jb.use(facts.Uses{Ref: yamlnode.YamlStr(uses), Path: y.Path, Line: y.Clamp(k.Line), With: yamlnode.YamlStringMap(yamlnode.YamlGet(job, "with"))})
	}
	dir := wfDir
	if d := yamlnode.YamlStr(yamlnode.YamlPath(job, "defaults", "run", "working-directory")); d != "" {
		dir = d
	}
	jb.env = actionsEnv(yamlnode.YamlGet(y.FirstMapping(), "env"), yamlnode.YamlGet(job, "env"))
	c.actionsSteps(jb, y, yamlnode.YamlGet(job, "steps"), dir, actionsMatrix(job), false, 0)
	return jb
}

// actionsSteps reads steps: run: commands and uses: references. Steps of a
// local composite action (indirect) run in the job but are written in
// another file, so their commands count as reached.
func (c *ciContext) actionsSteps(jb *jobBuilder, y *yamlnode.YamlFile, steps *yaml.Node, dir string, matrix matrixVars, indirect bool, depth int) {
	for _, step := range yamlnode.YamlOneOrMany(steps) {
		stepDir := dir
		if d := yamlnode.YamlStr(yamlnode.YamlGet(step, "working-directory")); d != "" {
			stepDir = d
		}
		if run := yamlnode.YamlGet(step, "run"); run != nil {
			cmds := matrix.expand(y.Commands(run, nil))
			if env := actionsStepEnv(jb.env, yamlnode.YamlGet(step, "env")); len(env) > 0 {
				cmds = expandEnv(cmds, env, matrix)
			}
			if indirect {
				for _, cmd := range cmds {
					jb.indirect = append(jb.indirect, cmd)
					jb.indirectDirs = append(jb.indirectDirs, shell.CleanDir(stepDir))
				}
			} else {
				jb.run(cmds, stepDir)
			}
		}
		k, uses := yamlnode.YamlGetPair(step, "uses")
		ref := yamlnode.YamlStr(uses)
		if k == nil || ref == "" {
			continue
		}
		jb.use(facts.Uses{Ref: ref, Path: y.Path, Line: y.Clamp(k.Line), With: yamlnode.YamlStringMap(yamlnode.YamlGet(step, "with"))})
		if strings.HasPrefix(ref, "./") {
			c.localAction(jb, ref, depth+1)
		}
	}
}

// localAction follows `uses: ./path/to/action` into the action's
// action.yml when it is a composite action: its steps run in the job, and
// its own uses: count as the job's.
func (c *ciContext) localAction(jb *jobBuilder, ref string, depth int) {
	if depth > maxLocalActionDepth {
		return
	}
	dir := path.Clean(strings.TrimPrefix(ref, "./"))
	for _, name := range []string{"action.yml", "action.yaml"} {
		p := path.Join(dir, name)
		if !c.t.Has(p) {
			continue
		}
		y, ok := c.loadYAMLOnce(p)
		if !ok {
			return
		}
		runs := yamlnode.YamlGet(y.FirstMapping(), "runs")
		if yamlnode.YamlStr(yamlnode.YamlGet(runs, "using")) == "composite" {
			c.actionsSteps(jb, y, yamlnode.YamlGet(runs, "steps"), ".", nil, true, depth)
		}
		return
	}
}

// containerImage reads a container: value (Actions, Azure): a string or a
// map with image:.
func containerImage(n *yaml.Node) string {
	if s := yamlnode.YamlStr(n); s != "" {
		return s
	}
	return yamlnode.YamlStr(yamlnode.YamlGet(n, "image"))
}
