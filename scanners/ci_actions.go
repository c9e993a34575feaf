package scanners

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxLocalActionDepth bounds local composite actions calling each other.
const maxLocalActionDepth = 5

// actionsWorkflow reads a GitHub, Forgejo or Gitea Actions workflow into a
// Workflow (permissions per job) and one CIJob per job.
func (c *ciContext) actionsWorkflow(provider, p string) {
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig(provider, p)
	doc := y.firstMapping()
	wf := Workflow{Provider: provider, Path: p, Name: yamlStr(yamlGet(doc, "name")), Jobs: []WorkflowJob{}}
	wf.Permissions = y.permissions(doc)
	wfDir := yamlStr(yamlPath(doc, "defaults", "run", "working-directory"))
	for _, pair := range yamlPairs(yamlGet(doc, "jobs")) {
		job := pair.Value
		if !yamlIsMap(job) {
			continue
		}
		line := y.clamp(pair.KeyNode.Line)
		wf.Jobs = append(wf.Jobs, WorkflowJob{
			Name: pair.Key, Line: line, Permissions: y.permissions(job),
			UsesWorkflow: yamlStr(yamlGet(job, "uses")),
		})
		c.emit(c.actionsJob(provider, y, pair.Key, line, job, wfDir))
	}
	c.f.CI.Workflows = append(c.f.CI.Workflows, wf)
}

// permissions reads a permissions: block (a scalar such as read-all, or a
// map of scopes); nil when absent.
func (y *yamlFile) permissions(n *yaml.Node) *Permissions {
	k, v := yamlGetPair(n, "permissions")
	if k == nil {
		return nil
	}
	perms := &Permissions{Scopes: map[string]string{}, Line: y.clamp(k.Line)}
	if v != nil && v.Kind == yaml.ScalarNode {
		perms.Scalar = v.Value
		return perms
	}
	for _, p := range yamlPairs(v) {
		perms.Scopes[p.Key] = yamlStr(p.Value)
	}
	return perms
}

func (c *ciContext) actionsJob(provider string, y *yamlFile, name string, line int, job *yaml.Node, wfDir string) *jobBuilder {
	jb := newJob(provider, y.path, name, line)
	jb.job.Image = containerImage(yamlGet(job, "container"))
	jb.job.Environment = ciEnvironment(y, yamlGet(job, "environment"))
	if k, uses := yamlGetPair(job, "uses"); k != nil {
		jb.use(Uses{Ref: yamlStr(uses), Path: y.path, Line: y.clamp(k.Line), With: yamlStringMap(yamlGet(job, "with"))})
	}
	dir := wfDir
	if d := yamlStr(yamlPath(job, "defaults", "run", "working-directory")); d != "" {
		dir = d
	}
	c.actionsSteps(jb, y, yamlGet(job, "steps"), dir, actionsMatrix(job), false, 0)
	return jb
}

// actionsSteps reads steps: run: commands and uses: references. Steps of a
// local composite action (indirect) run in the job but are written in
// another file, so their commands count as reached.
func (c *ciContext) actionsSteps(jb *jobBuilder, y *yamlFile, steps *yaml.Node, dir string, matrix matrixVars, indirect bool, depth int) {
	for _, step := range yamlOneOrMany(steps) {
		stepDir := dir
		if d := yamlStr(yamlGet(step, "working-directory")); d != "" {
			stepDir = d
		}
		if run := yamlGet(step, "run"); run != nil {
			cmds := matrix.expand(y.commands(run, nil))
			if indirect {
				for _, cmd := range cmds {
					jb.indirect = append(jb.indirect, cmd)
					jb.indirectDirs = append(jb.indirectDirs, cleanDir(stepDir))
				}
			} else {
				jb.run(cmds, stepDir)
			}
		}
		k, uses := yamlGetPair(step, "uses")
		ref := yamlStr(uses)
		if k == nil || ref == "" {
			continue
		}
		jb.use(Uses{Ref: ref, Path: y.path, Line: y.clamp(k.Line), With: yamlStringMap(yamlGet(step, "with"))})
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
		runs := yamlGet(y.firstMapping(), "runs")
		if yamlStr(yamlGet(runs, "using")) == "composite" {
			c.actionsSteps(jb, y, yamlGet(runs, "steps"), ".", nil, true, depth)
		}
		return
	}
}

// containerImage reads a container: value (Actions, Azure): a string or a
// map with image:.
func containerImage(n *yaml.Node) string {
	if s := yamlStr(n); s != "" {
		return s
	}
	return yamlStr(yamlGet(n, "image"))
}
