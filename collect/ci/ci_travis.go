package ci

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
)

var _ = register(provider{name: "travis", order: 70,
	match: func(p ciPath) bool { return p.oneOf(".travis.yml", ".travis.yaml") },
	read:  eachFile((*ciContext).travis),
})

// travisPhases are the build phases that run commands, in the order
// Travis runs them.
var travisPhases = []string{
	"before_install", "install", "before_script", "script",
	"after_success", "after_failure", "after_script", "before_deploy",
}

// travis reads .travis.yml: the top-level phases are the default job;
// each jobs.include (or matrix.include) entry is a job that inherits the
// phases it does not set.
func (c *ciContext) travis(p string) {
	y, ok := yamlnode.LoadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("travis", p)
	doc := y.FirstMapping()
	includes := yamlnode.YamlOneOrMany(yamlnode.YamlPath(doc, "jobs", "include"))
	if len(includes) == 0 {
		includes = yamlnode.YamlOneOrMany(yamlnode.YamlPath(doc, "matrix", "include"))
	}
	if travisHasPhases(doc) || len(includes) == 0 {
		line := 1
		if doc != nil && len(doc.Content) > 0 {
			line = y.Clamp(doc.Content[0].Line)
		}
		jb := newJob("travis", p, "default", line)
		c.travisPhases(jb, y, doc, nil)
		c.emit(jb)
	}
	for i, inc := range includes {
		if !yamlnode.YamlIsMap(inc) {
			continue
		}
		name := yamlnode.YamlStr(yamlnode.YamlGet(inc, "name"))
		if name == "" {
			name = yamlnode.YamlStr(yamlnode.YamlGet(inc, "stage"))
		}
		if name == "" {
			name = fmt.Sprintf("include[%d]", i)
		}
		jb := newJob("travis", p, name, y.Clamp(inc.Line))
		c.travisPhases(jb, y, inc, doc)
		c.emit(jb)
	}
}

func travisHasPhases(n *yaml.Node) bool {
	for _, phase := range travisPhases {
		if yamlnode.YamlGet(n, phase) != nil {
			return true
		}
	}
	return n == nil
}

// travisPhases adds each phase's commands from job, or from global when
// the job does not set it.
func (c *ciContext) travisPhases(jb *jobBuilder, y *yamlnode.YamlFile, job, global *yaml.Node) {
	for _, phase := range travisPhases {
		k, v := yamlnode.YamlGetPair(job, phase)
		if k == nil && global != nil {
			v = yamlnode.YamlGet(global, phase)
		}
		jb.run(y.Commands(v, nil), ".")
	}
}
