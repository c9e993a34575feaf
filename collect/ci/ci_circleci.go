package ci

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

var _ = register(provider{name: "circleci", order: 60,
	match: func(p ciPath) bool { return p.oneOf(".circleci/config.yml", ".circleci/config.yaml") },
	read:  eachFile((*ciContext).circleci),
})

// circleReader reads .circleci/config.yml: jobs with run steps, reusable
// commands inlined, orbs as uses.
type circleReader struct {
	c        *ciContext
	y        *yamlnode.YamlFile
	orbs     map[string]string
	commands *yaml.Node
}

func (c *ciContext) circleci(p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("circleci", p)
	doc := y.FirstMapping()
	r := &circleReader{c: c, y: y, orbs: map[string]string{}, commands: yamlnode.YamlGet(doc, "commands")}
	for _, o := range yamlnode.YamlPairs(yamlnode.YamlGet(doc, "orbs")) {
		if ref := yamlnode.YamlStr(o.Value); ref != "" {
			r.orbs[o.Key] = ref
		}
	}
	executors := yamlnode.YamlGet(doc, "executors")
	defined := map[string]bool{}
	for _, pair := range yamlnode.YamlPairs(yamlnode.YamlGet(doc, "jobs")) {
		job := pair.Value
		if !yamlnode.YamlIsMap(job) {
			continue
		}
		defined[pair.Key] = true
		jb := newJob("circleci", p, pair.Key, y.Clamp(pair.KeyNode.Line))
		r.executor(jb, job, executors)
		r.steps(jb, yamlnode.YamlGet(job, "steps"), 0)
		c.emit(jb)
	}
	r.orbJobs(yamlnode.YamlGet(doc, "workflows"), defined)
}

// executor sets the job's image from docker:, or from a named executor
// (an orb's executor is a use of the orb).
func (r *circleReader) executor(jb *jobBuilder, job, executors *yaml.Node) {
	if img := circleDockerImage(job); img != "" {
		jb.job.Image = img
		return
	}
	k, ex := yamlnode.YamlGetPair(job, "executor")
	name := yamlnode.YamlStr(ex)
	if name == "" {
		name = yamlnode.YamlStr(yamlnode.YamlGet(ex, "name"))
	}
	if name == "" {
		return
	}
	if orb, _, ok := strings.Cut(name, "/"); ok {
		r.useOrb(jb, orb, k.Line, nil)
		return
	}
	jb.job.Image = circleDockerImage(yamlnode.YamlGet(executors, name))
}

func circleDockerImage(n *yaml.Node) string {
	items := yamlnode.YamlOneOrMany(yamlnode.YamlGet(n, "docker"))
	if len(items) == 0 {
		return ""
	}
	return yamlnode.YamlStr(yamlnode.YamlGet(items[0], "image"))
}

func (r *circleReader) useOrb(jb *jobBuilder, orb string, line int, with *yaml.Node) {
	if ref, ok := r.orbs[orb]; ok {
		jb.use(facts.Uses{Ref: ref, Path: r.y.Path, Line: r.y.Clamp(line), With: yamlnode.YamlStringMap(with)})
	}
}

// steps reads a steps list: run (a string or a map with command:), orb
// commands (orb/cmd), reusable commands (inlined) and when/unless blocks.
func (r *circleReader) steps(jb *jobBuilder, steps *yaml.Node, depth int) {
	if depth > yamlnode.MaxScriptDepth {
		return
	}
	for _, step := range yamlnode.YamlOneOrMany(steps) {
		name, body, line := step.Value, (*yaml.Node)(nil), step.Line
		if step.Kind == yaml.MappingNode {
			pairs := yamlnode.YamlPairs(step)
			if len(pairs) == 0 {
				continue
			}
			name, body, line = pairs[0].Key, pairs[0].Value, pairs[0].KeyNode.Line
		}
		switch {
		case name == "run":
			if cmd := yamlnode.YamlGet(body, "command"); cmd != nil {
				body = cmd
			}
			jb.run(r.y.Commands(body, nil), yamlnode.YamlStr(yamlnode.YamlGet(yamlnode.YamlGet(step, "run"), "working_directory")))
		case name == "store_test_results":
			jb.report("junit")
		case name == "when" || name == "unless":
			r.steps(jb, yamlnode.YamlGet(body, "steps"), depth+1)
		case strings.Contains(name, "/"):
			orb, _, _ := strings.Cut(name, "/")
			r.useOrb(jb, orb, line, body)
		case yamlnode.YamlGet(r.commands, name) != nil:
			r.steps(jb, yamlnode.YamlGet(yamlnode.YamlGet(r.commands, name), "steps"), depth+1)
		}
	}
}

// orbJobs adds the jobs workflows take from orbs (node/test), which have
// no entry under jobs:.
func (r *circleReader) orbJobs(workflows *yaml.Node, defined map[string]bool) {
	for _, wf := range yamlnode.YamlPairs(workflows) {
		for _, item := range yamlnode.YamlOneOrMany(yamlnode.YamlGet(wf.Value, "jobs")) {
			name, line := item.Value, item.Line
			var params *yaml.Node
			if item.Kind == yaml.MappingNode {
				pairs := yamlnode.YamlPairs(item)
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
			jb := newJob("circleci", r.y.Path, name, r.y.Clamp(line))
			r.useOrb(jb, orb, line, params)
			r.c.emit(jb)
		}
	}
}
