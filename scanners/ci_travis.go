package scanners

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

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
	y, ok := loadYAML(c.t, p)
	if !ok {
		return
	}
	c.addConfig("travis", p)
	doc := y.firstMapping()
	includes := yamlOneOrMany(yamlPath(doc, "jobs", "include"))
	if len(includes) == 0 {
		includes = yamlOneOrMany(yamlPath(doc, "matrix", "include"))
	}
	if travisHasPhases(doc) || len(includes) == 0 {
		line := 1
		if doc != nil && len(doc.Content) > 0 {
			line = y.clamp(doc.Content[0].Line)
		}
		jb := newJob("travis", p, "default", line)
		c.travisPhases(jb, y, doc, nil)
		c.emit(jb)
	}
	for i, inc := range includes {
		if !yamlIsMap(inc) {
			continue
		}
		name := yamlStr(yamlGet(inc, "name"))
		if name == "" {
			name = yamlStr(yamlGet(inc, "stage"))
		}
		if name == "" {
			name = fmt.Sprintf("include[%d]", i)
		}
		jb := newJob("travis", p, name, y.clamp(inc.Line))
		c.travisPhases(jb, y, inc, doc)
		c.emit(jb)
	}
}

func travisHasPhases(n *yaml.Node) bool {
	for _, phase := range travisPhases {
		if yamlGet(n, phase) != nil {
			return true
		}
	}
	return n == nil
}

// travisPhases adds each phase's commands from job, or from global when
// the job does not set it.
func (c *ciContext) travisPhases(jb *jobBuilder, y *yamlFile, job, global *yaml.Node) {
	for _, phase := range travisPhases {
		k, v := yamlGetPair(job, phase)
		if k == nil && global != nil {
			v = yamlGet(global, phase)
		}
		jb.run(y.commands(v, nil), ".")
	}
}
