package scanners

import "go.yaml.in/yaml/v3"

// drone reads Drone and Woodpecker pipelines: each step is a job; a step
// with commands runs them in its image, a step without is a plugin, whose
// image is a use.
func (c *ciContext) drone(provider, p string) {
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig(provider, p)
	for _, doc := range y.docs {
		if !yamlIsMap(doc) {
			continue
		}
		if kind := yamlStr(yamlGet(doc, "kind")); kind != "" && kind != "pipeline" {
			continue // secrets, signatures, templates
		}
		steps := yamlGet(doc, "steps")
		if steps == nil {
			steps = yamlGet(doc, "pipeline") // Drone 0.8 and early Woodpecker
		}
		pipeline := yamlStr(yamlGet(doc, "name"))
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
	if yamlIsMap(steps) {
		for _, p := range yamlPairs(steps) {
			out = append(out, droneStepNode{p.Key, p.KeyNode.Line, p.Value})
		}
		return out
	}
	for _, item := range yamlOneOrMany(steps) {
		if yamlIsMap(item) {
			out = append(out, droneStepNode{yamlStr(yamlGet(item, "name")), item.Line, item})
		}
	}
	return out
}

func droneStep(provider string, y *yamlFile, name string, line int, step *yaml.Node) *jobBuilder {
	jb := newJob(provider, y.path, name, y.clamp(line))
	ik, image := yamlGetPair(step, "image")
	cmds := yamlGet(step, "commands")
	if cmds == nil {
		cmds = yamlGet(step, "command")
	}
	if cmds != nil {
		jb.job.Image = yamlStr(image)
		jb.run(y.commands(cmds, nil), yamlStr(yamlGet(step, "directory")))
		return jb
	}
	if ik != nil && yamlStr(image) != "" {
		jb.use(Uses{Ref: yamlStr(image), Path: y.path, Line: y.clamp(ik.Line), With: yamlStringMap(yamlGet(step, "settings"))})
	}
	return jb
}
