package scanners

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// circleReader reads .circleci/config.yml: jobs with run steps, reusable
// commands inlined, orbs as uses.
type circleReader struct {
	c        *ciContext
	y        *yamlFile
	orbs     map[string]string
	commands *yaml.Node
}

func (c *ciContext) circleci(p string) {
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("circleci", p)
	doc := y.firstMapping()
	r := &circleReader{c: c, y: y, orbs: map[string]string{}, commands: yamlGet(doc, "commands")}
	for _, o := range yamlPairs(yamlGet(doc, "orbs")) {
		if ref := yamlStr(o.Value); ref != "" {
			r.orbs[o.Key] = ref
		}
	}
	executors := yamlGet(doc, "executors")
	defined := map[string]bool{}
	for _, pair := range yamlPairs(yamlGet(doc, "jobs")) {
		job := pair.Value
		if !yamlIsMap(job) {
			continue
		}
		defined[pair.Key] = true
		jb := newJob("circleci", p, pair.Key, y.clamp(pair.KeyNode.Line))
		r.executor(jb, job, executors)
		r.steps(jb, yamlGet(job, "steps"), 0)
		c.emit(jb)
	}
	r.orbJobs(yamlGet(doc, "workflows"), defined)
}

// executor sets the job's image from docker:, or from a named executor
// (an orb's executor is a use of the orb).
func (r *circleReader) executor(jb *jobBuilder, job, executors *yaml.Node) {
	if img := circleDockerImage(job); img != "" {
		jb.job.Image = img
		return
	}
	k, ex := yamlGetPair(job, "executor")
	name := yamlStr(ex)
	if name == "" {
		name = yamlStr(yamlGet(ex, "name"))
	}
	if name == "" {
		return
	}
	if orb, _, ok := strings.Cut(name, "/"); ok {
		r.useOrb(jb, orb, k.Line, nil)
		return
	}
	jb.job.Image = circleDockerImage(yamlGet(executors, name))
}

func circleDockerImage(n *yaml.Node) string {
	items := yamlOneOrMany(yamlGet(n, "docker"))
	if len(items) == 0 {
		return ""
	}
	return yamlStr(yamlGet(items[0], "image"))
}

func (r *circleReader) useOrb(jb *jobBuilder, orb string, line int, with *yaml.Node) {
	if ref, ok := r.orbs[orb]; ok {
		jb.use(Uses{Ref: ref, Path: r.y.path, Line: r.y.clamp(line), With: yamlStringMap(with)})
	}
}

// steps reads a steps list: run (a string or a map with command:), orb
// commands (orb/cmd), reusable commands (inlined) and when/unless blocks.
func (r *circleReader) steps(jb *jobBuilder, steps *yaml.Node, depth int) {
	if depth > maxScriptDepth {
		return
	}
	for _, step := range yamlOneOrMany(steps) {
		name, body, line := step.Value, (*yaml.Node)(nil), step.Line
		if step.Kind == yaml.MappingNode {
			pairs := yamlPairs(step)
			if len(pairs) == 0 {
				continue
			}
			name, body, line = pairs[0].Key, pairs[0].Value, pairs[0].KeyNode.Line
		}
		switch {
		case name == "run":
			if cmd := yamlGet(body, "command"); cmd != nil {
				body = cmd
			}
			jb.run(r.y.commands(body, nil), yamlStr(yamlGet(yamlGet(step, "run"), "working_directory")))
		case name == "store_test_results":
			jb.report("junit")
		case name == "when" || name == "unless":
			r.steps(jb, yamlGet(body, "steps"), depth+1)
		case strings.Contains(name, "/"):
			orb, _, _ := strings.Cut(name, "/")
			r.useOrb(jb, orb, line, body)
		case yamlGet(r.commands, name) != nil:
			r.steps(jb, yamlGet(yamlGet(r.commands, name), "steps"), depth+1)
		}
	}
}

// orbJobs adds the jobs workflows take from orbs (node/test), which have
// no entry under jobs:.
func (r *circleReader) orbJobs(workflows *yaml.Node, defined map[string]bool) {
	for _, wf := range yamlPairs(workflows) {
		for _, item := range yamlOneOrMany(yamlGet(wf.Value, "jobs")) {
			name, line := item.Value, item.Line
			var params *yaml.Node
			if item.Kind == yaml.MappingNode {
				pairs := yamlPairs(item)
				if len(pairs) == 0 {
					continue
				}
				name, line, params = pairs[0].Key, pairs[0].KeyNode.Line, pairs[0].Value
			}
			orb, _, ok := strings.Cut(name, "/")
			if !ok || defined[name] || r.orbs[orb] == "" {
				continue
			}
			defined[name] = true
			jb := newJob("circleci", r.y.path, name, r.y.clamp(line))
			r.useOrb(jb, orb, line, params)
			r.c.emit(jb)
		}
	}
}
