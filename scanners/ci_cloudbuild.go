package scanners

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// cloudbuild reads a Cloud Build config (YAML or JSON): each step is a job
// whose builder image is both its image and a use. Its command is the
// step's script:, a `bash -c` script, or the entrypoint (for the
// cloud-builders images, the image's own tool) followed by args.
func (c *ciContext) cloudbuild(p string) {
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("cloudbuild", p)
	for i, step := range yamlOneOrMany(yamlGet(y.firstMapping(), "steps")) {
		if !yamlIsMap(step) {
			continue
		}
		name := yamlStr(yamlGet(step, "id"))
		if name == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		jb := newJob("cloudbuild", p, name, y.clamp(step.Line))
		nk, image := yamlGetPair(step, "name")
		if ref := yamlStr(image); ref != "" {
			jb.job.Image = ref
			jb.use(Uses{Ref: ref, Path: p, Line: y.clamp(nk.Line)})
		}
		jb.run(cloudbuildCommands(y, step), yamlStr(yamlGet(step, "dir")))
		c.emit(jb)
	}
}

func cloudbuildCommands(y *yamlFile, step *yaml.Node) []Command {
	if script := yamlGet(step, "script"); script != nil {
		return y.commands(script, nil)
	}
	entry := yamlStr(yamlGet(step, "entrypoint"))
	args := yamlOneOrMany(yamlGet(step, "args"))
	if isShellProgram(entry) {
		for i, a := range args {
			if (yamlStr(a) == "-c" || yamlStr(a) == "-ec" || yamlStr(a) == "-eu") && i+1 < len(args) {
				return y.commands(args[i+1], nil)
			}
		}
	}
	if entry == "" {
		entry = cloudBuilderTool(yamlStr(yamlGet(step, "name")))
	}
	words := []string{}
	if entry != "" {
		words = append(words, entry)
	}
	for _, a := range args {
		words = append(words, yamlStr(a))
	}
	if len(words) == 0 {
		return nil
	}
	line := step.Line
	if len(args) > 0 {
		line = args[0].Line
	}
	return []Command{{Run: strings.Join(words, " "), Path: y.path, Line: y.clamp(line)}}
}

func isShellProgram(p string) bool {
	switch path.Base(p) {
	case "bash", "sh":
		return true
	}
	return false
}

// cloudBuilderTool is the program a gcr.io/cloud-builders image runs:
// its last path element (gcr.io/cloud-builders/docker -> docker).
func cloudBuilderTool(image string) string {
	if !strings.Contains(image, "/cloud-builders/") {
		return ""
	}
	img, _, _ := splitImageRef(image)
	return path.Base(img)
}
