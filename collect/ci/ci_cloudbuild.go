package ci

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/imageref"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

var _ = register(provider{name: "cloudbuild", order: 120,
	match: func(p ciPath) bool { return strings.HasPrefix(p.base, "cloudbuild") && (p.yml || p.ext == ".json") },
	read:  eachFile((*ciContext).cloudbuild),
})

// cloudbuild reads a Cloud Build config (YAML or JSON): each step is a job
// whose builder image is both its image and a use. Its command is the
// step's script:, a `bash -c` script, or the entrypoint (for the
// cloud-builders images, the image's own tool) followed by args.
func (c *ciContext) cloudbuild(p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("cloudbuild", p)
	for i, step := range yamlnode.YamlOneOrMany(yamlnode.YamlGet(y.FirstMapping(), "steps")) {
		if !yamlnode.YamlIsMap(step) {
			continue
		}
		name := yamlnode.YamlStr(yamlnode.YamlGet(step, "id"))
		if name == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		jb := newJob("cloudbuild", p, name, y.Clamp(step.Line))
		nk, image := yamlnode.YamlGetPair(step, "name")
		if ref := yamlnode.YamlStr(image); ref != "" {
			jb.job.Image = ref
			jb.use(facts.Uses{Ref: ref, Path: p, Line: y.Clamp(nk.Line)})
		}
		jb.run(cloudbuildCommands(y, step), yamlnode.YamlStr(yamlnode.YamlGet(step, "dir")))
		c.emit(jb)
	}
}

func cloudbuildCommands(y *yamlnode.YamlFile, step *yaml.Node) []facts.Command {
	if script := yamlnode.YamlGet(step, "script"); script != nil {
		return y.Commands(script, nil)
	}
	entry := yamlnode.YamlStr(yamlnode.YamlGet(step, "entrypoint"))
	args := yamlnode.YamlOneOrMany(yamlnode.YamlGet(step, "args"))
	if isShellProgram(entry) {
		for i, a := range args {
			if (yamlnode.YamlStr(a) == "-c" || yamlnode.YamlStr(a) == "-ec" || yamlnode.YamlStr(a) == "-eu") && i+1 < len(args) {
				return y.Commands(args[i+1], nil)
			}
		}
	}
	if entry == "" {
		entry = cloudBuilderTool(yamlnode.YamlStr(yamlnode.YamlGet(step, "name")))
	}
	words := []string{}
	if entry != "" {
		words = append(words, entry)
	}
	for _, a := range args {
		words = append(words, yamlnode.YamlStr(a))
	}
	if len(words) == 0 {
		return nil
	}
	line := step.Line
	if len(args) > 0 {
		line = args[0].Line
	}
	return []facts.Command{{Run: strings.Join(words, " "), Path: y.Path, Line: y.Clamp(line)}}
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
	img, _, _ := imageref.SplitImageRef(image)
	return path.Base(img)
}
