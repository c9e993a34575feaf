package ci

import (
	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// Drone and Woodpecker (a Drone fork) share the pipeline format.
var (
	_ = register(provider{name: "drone", order: 100,
		match: func(p ciPath) bool { return p.oneOf(".drone.yml", ".drone.yaml") },
		read:  eachFile(func(c *ciContext, p string) { c.drone("drone", p) }),
	})
	_ = register(provider{name: "woodpecker", order: 110,
		match: func(p ciPath) bool {
			return p.oneOf(".woodpecker.yml", ".woodpecker.yaml") || (underDir(p.dir, ".woodpecker") && p.yml)
		},
		read: eachFile(func(c *ciContext, p string) { c.drone("woodpecker", p) }),
	})
)

// drone reads Drone and Woodpecker pipelines: each step is a job; a step
// with commands runs them in its image, a step without is a plugin, whose
// image is a use.
func (c *ciContext) drone(provider, p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig(provider, p)
	for _, doc := range y.Docs {
		if !yamlnode.YamlIsMap(doc) {
			continue
		}
		if kind := yamlnode.YamlStr(yamlnode.YamlGet(doc, "kind")); kind != "" && kind != "pipeline" {
			continue // secrets, signatures, templates
		}
		steps := yamlnode.YamlGet(doc, "steps")
		if steps == nil {
			steps = yamlnode.YamlGet(doc, "pipeline") // Drone 0.8 and early Woodpecker
		}
		pipeline := yamlnode.YamlStr(yamlnode.YamlGet(doc, "name"))
		for _, s := range droneSteps(steps) {
			name := s.name
			if pipeline != "" {
				name = pipeline + "/" + name
			}
			c.emit(droneStep(provider, y, name, s.line, s.step))
		}
	}
}

type droneStepNode struct {
	name string
	line int
	step *yaml.Node
}

// droneSteps lists steps in either form: a list of maps with name:, or a
// map from name to step.
func droneSteps(steps *yaml.Node) []droneStepNode {
	var out []droneStepNode
	if yamlnode.YamlIsMap(steps) {
		for _, p := range yamlnode.YamlPairs(steps) {
			out = append(out, droneStepNode{p.Key, p.KeyNode.Line, p.Value})
		}
		return out
	}
	for _, item := range yamlnode.YamlOneOrMany(steps) {
		if yamlnode.YamlIsMap(item) {
			out = append(out, droneStepNode{yamlnode.YamlStr(yamlnode.YamlGet(item, "name")), item.Line, item})
		}
	}
	return out
}

func droneStep(provider string, y *yamlnode.YamlFile, name string, line int, step *yaml.Node) *jobBuilder {
	jb := newJob(provider, y.Path, name, y.Clamp(line))
	ik, image := yamlnode.YamlGetPair(step, "image")
	cmds := yamlnode.YamlGet(step, "commands")
	if cmds == nil {
		cmds = yamlnode.YamlGet(step, "command")
	}
	if cmds != nil {
		jb.job.Image = yamlnode.YamlStr(image)
		jb.run(y.Commands(cmds, nil), yamlnode.YamlStr(yamlnode.YamlGet(step, "directory")))
		return jb
	}
	if ik != nil && yamlnode.YamlStr(image) != "" {
		jb.use(facts.Uses{Ref: yamlnode.YamlStr(image), Path: y.Path, Line: y.Clamp(ik.Line), With: yamlnode.YamlStringMap(yamlnode.YamlGet(step, "settings"))})
	}
	return jb
}
