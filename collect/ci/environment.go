package ci

import (
	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// ciEnvironment reads a job's `environment:`: a name, or a map with name,
// url, action, on_stop, auto_stop_in and deployment_tier (GitLab) or name
// and url (Actions). nil when absent or nameless.
func ciEnvironment(y *yamlnode.YamlFile, n *yaml.Node) *facts.CIEnvironment {
	n = yamlnode.YamlResolve(n)
	if n == nil || y == nil {
		return nil
	}
	env := &facts.CIEnvironment{Line: y.Clamp(n.Line)}
	switch n.Kind {
	case yaml.ScalarNode:
		env.Name = yamlnode.YamlStr(n)
	case yaml.MappingNode:
		env.Name = yamlnode.YamlStr(yamlnode.YamlGet(n, "name"))
		env.URL = yamlnode.YamlStr(yamlnode.YamlGet(n, "url"))
		env.Action = yamlnode.YamlStr(yamlnode.YamlGet(n, "action"))
		env.OnStop = yamlnode.YamlStr(yamlnode.YamlGet(n, "on_stop"))
		env.AutoStopIn = yamlnode.YamlStr(yamlnode.YamlGet(n, "auto_stop_in"))
		env.Tier = yamlnode.YamlStr(yamlnode.YamlGet(n, "deployment_tier"))
	}
	if env.Name == "" {
		return nil
	}
	return env
}

// gitlabEnvironment is a GitLab job's environment, following extends:.
func (g *gitlabReader) environment(name string) *facts.CIEnvironment {
	v, f := g.field(name, "environment")
	return ciEnvironment(f, v)
}
