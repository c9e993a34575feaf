package scanners

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// bitbucketReader reads bitbucket-pipelines.yml: every step of every
// pipeline (default, branches, pull-requests, tags, custom) is a job;
// pipes are uses.
type bitbucketReader struct {
	c     *ciContext
	y     *yamlFile
	image string
	count map[string]int
}

func (c *ciContext) bitbucket(p string) {
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("bitbucket", p)
	doc := y.firstMapping()
	r := &bitbucketReader{c: c, y: y, image: imageName(yamlGet(doc, "image")), count: map[string]int{}}
	for _, section := range yamlPairs(yamlGet(doc, "pipelines")) {
		if section.Key == "default" {
			r.items(section.Key, section.Value, 0)
			continue
		}
		for _, pattern := range yamlPairs(section.Value) {
			r.items(section.Key+"/"+pattern.Key, pattern.Value, 0)
		}
	}
}

// items reads a list of step, parallel and stage entries.
func (r *bitbucketReader) items(pipeline string, list *yaml.Node, depth int) {
	if depth > maxScriptDepth {
		return
	}
	for _, item := range yamlOneOrMany(list) {
		if k, step := yamlGetPair(item, "step"); k != nil {
			r.step(pipeline, k, step)
		}
		if par := yamlGet(item, "parallel"); par != nil {
			if yamlIsMap(par) {
				par = yamlGet(par, "steps")
			}
			r.items(pipeline, par, depth+1)
		}
		if stage := yamlGet(item, "stage"); stage != nil {
			r.items(pipeline, yamlGet(stage, "steps"), depth+1)
		}
	}
}

func (r *bitbucketReader) step(pipeline string, k, step *yaml.Node) {
	r.count[pipeline]++
	name := yamlStr(yamlGet(step, "name"))
	if name == "" {
		name = fmt.Sprintf("%s step %d", pipeline, r.count[pipeline])
	}
	jb := newJob("bitbucket", r.y.path, name, r.y.clamp(k.Line))
	jb.job.Image = imageName(yamlGet(step, "image"))
	if jb.job.Image == "" {
		jb.job.Image = r.image
	}
	for _, key := range []string{"script", "after-script"} {
		for _, item := range yamlOneOrMany(yamlGet(step, key)) {
			if pk, pipe := yamlGetPair(item, "pipe"); pk != nil {
				jb.use(Uses{Ref: yamlStr(pipe), Path: r.y.path, Line: r.y.clamp(pk.Line), With: yamlStringMap(yamlGet(item, "variables"))})
				continue
			}
			jb.run(r.y.commands(item, nil), ".")
		}
	}
	r.c.emit(jb)
}
