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
		if !ymIsMap(doc) {
			continue
		}
		if kind := ymStr(ymGet(doc, "kind")); kind != "" && kind != "pipeline" {
			continue // secrets, signatures, templates
		}
		steps := ymGet(doc, "steps")
		if steps == nil {
			steps = ymGet(doc, "pipeline") // Drone 0.8 and early Woodpecker
		}
		pipeline := ymStr(ymGet(doc, "name"))
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
	if ymIsMap(steps) {
		for _, p := range ymPairs(steps) {
			out = append(out, droneStepNode{p.Key, p.KeyN.Line, ymResolve(p.Value)})
		}
		return out
	}
	for _, item := range ymItems(steps) {
		if ymIsMap(item) {
			out = append(out, droneStepNode{ymStr(ymGet(item, "name")), item.Line, item})
		}
	}
	return out
}

func droneStep(provider string, y *yamlFile, name string, line int, step *yaml.Node) *jobBuilder {
	jb := newJob(provider, y.path, name, y.clamp(line))
	ik, image := ymGetPair(step, "image")
	cmds := ymGet(step, "commands")
	if cmds == nil {
		cmds = ymGet(step, "command")
	}
	if cmds != nil {
		jb.job.Image = ymStr(image)
		jb.run(y.commands(cmds, nil), ymStr(ymGet(step, "directory")))
		return jb
	}
	if ik != nil && ymStr(image) != "" {
		jb.use(Uses{Ref: ymStr(image), Path: y.path, Line: y.clamp(ik.Line), With: ymStringMap(ymGet(step, "settings"))})
	}
	return jb
}
