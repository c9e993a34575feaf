package ci

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

var _ = register(provider{name: "bitbucket", order: 90,
	match: func(p ciPath) bool { return p.oneOf("bitbucket-pipelines.yml", "bitbucket-pipelines.yaml") },
	read:  eachFile((*ciContext).bitbucket),
})

// bitbucketReader reads bitbucket-pipelines.yml: every step of every
// pipeline (default, branches, pull-requests, tags, custom) is a job;
// pipes are uses.
type bitbucketReader struct {
	c     *ciContext
	y     *yamlnode.YamlFile
	image string
	count map[string]int
}

func (c *ciContext) bitbucket(p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("bitbucket", p)
	doc := y.FirstMapping()
	r := &bitbucketReader{c: c, y: y, image: imageName(yamlnode.YamlGet(doc, "image")), count: map[string]int{}}
	for _, section := range yamlnode.YamlPairs(yamlnode.YamlGet(doc, "pipelines")) {
		if section.Key == "default" {
			r.items(section.Key, section.Value, 0)
			continue
		}
		for _, pattern := range yamlnode.YamlPairs(section.Value) {
			r.items(section.Key+"/"+pattern.Key, pattern.Value, 0)
		}
	}
}

// items reads a list of step, parallel and stage entries.
func (r *bitbucketReader) items(pipeline string, list *yaml.Node, depth int) {
	if depth > yamlnode.MaxScriptDepth {
		return
	}
	for _, item := range yamlnode.YamlOneOrMany(list) {
		if k, step := yamlnode.YamlGetPair(item, "step"); k != nil {
			r.step(pipeline, k, step)
		}
		if par := yamlnode.YamlGet(item, "parallel"); par != nil {
			if yamlnode.YamlIsMap(par) {
				par = yamlnode.YamlGet(par, "steps")
			}
			r.items(pipeline, par, depth+1)
		}
		if stage := yamlnode.YamlGet(item, "stage"); stage != nil {
			r.items(pipeline, yamlnode.YamlGet(stage, "steps"), depth+1)
		}
	}
}

func (r *bitbucketReader) step(pipeline string, k, step *yaml.Node) {
	r.count[pipeline]++
	name := yamlnode.YamlStr(yamlnode.YamlGet(step, "name"))
	if name == "" {
		name = fmt.Sprintf("%s step %d", pipeline, r.count[pipeline])
	}
	jb := newJob("bitbucket", r.y.Path, name, r.y.Clamp(k.Line))
	jb.job.Image = imageName(yamlnode.YamlGet(step, "image"))
	if jb.job.Image == "" {
		jb.job.Image = r.image
	}
	for _, key := range []string{"script", "after-script"} {
		for _, item := range yamlnode.YamlOneOrMany(yamlnode.YamlGet(step, key)) {
			if pk, pipe := yamlnode.YamlGetPair(item, "pipe"); pk != nil {
				jb.use(facts.Uses{Ref: yamlnode.YamlStr(pipe), Path: r.y.Path, Line: r.y.Clamp(pk.Line), With: yamlnode.YamlStringMap(yamlnode.YamlGet(item, "variables"))})
				continue
			}
			jb.run(r.y.Commands(item, nil), ".")
		}
	}
	r.c.emit(jb)
}
