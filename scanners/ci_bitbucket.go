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
	r := &bitbucketReader{c: c, y: y, image: imageName(ymGet(doc, "image")), count: map[string]int{}}
	for _, section := range ymPairs(ymGet(doc, "pipelines")) {
		if section.Key == "default" {
			r.items(section.Key, section.Value, 0)
			continue
		}
		for _, pattern := range ymPairs(section.Value) {
			r.items(section.Key+"/"+pattern.Key, pattern.Value, 0)
		}
	}
}

// items reads a list of step, parallel and stage entries.
func (r *bitbucketReader) items(pipeline string, list *yaml.Node, depth int) {
	if depth > maxScriptDepth {
		return
	}
	for _, item := range ymItems(list) {
		if k, step := ymGetPair(item, "step"); k != nil {
			r.step(pipeline, k, step)
		}
		if par := ymGet(item, "parallel"); par != nil {
			if ymIsMap(par) {
				par = ymGet(par, "steps")
			}
			r.items(pipeline, par, depth+1)
		}
		if stage := ymGet(item, "stage"); stage != nil {
			r.items(pipeline, ymGet(stage, "steps"), depth+1)
		}
	}
}

func (r *bitbucketReader) step(pipeline string, k, step *yaml.Node) {
	r.count[pipeline]++
	name := ymStr(ymGet(step, "name"))
	if name == "" {
		name = fmt.Sprintf("%s step %d", pipeline, r.count[pipeline])
	}
	jb := newJob("bitbucket", r.y.path, name, r.y.clamp(k.Line))
	jb.job.Image = imageName(ymGet(step, "image"))
	if jb.job.Image == "" {
		jb.job.Image = r.image
	}
	for _, key := range []string{"script", "after-script"} {
		for _, item := range ymItems(ymGet(step, key)) {
			if pk, pipe := ymGetPair(item, "pipe"); pk != nil {
				jb.use(Uses{Ref: ymStr(pipe), Path: r.y.path, Line: r.y.clamp(pk.Line), With: ymStringMap(ymGet(item, "variables"))})
				continue
			}
			jb.run(r.y.commands(item, nil), ".")
		}
	}
	r.c.emit(jb)
}
