package scanners

import "go.yaml.in/yaml/v3"

// ciEnvironment reads a job's `environment:`: a name, or a map with name,
// url, action, on_stop, auto_stop_in and deployment_tier (GitLab) or name
// and url (Actions). nil when absent or nameless.
func ciEnvironment(y *yamlFile, n *yaml.Node) *CIEnvironment {
	n = yamlResolve(n)
	if n == nil || y == nil {
		return nil
	}
	env := &CIEnvironment{Line: y.clamp(n.Line)}
	switch n.Kind {
	case yaml.ScalarNode:
		env.Name = yamlStr(n)
	case yaml.MappingNode:
		env.Name = yamlStr(yamlGet(n, "name"))
		env.URL = yamlStr(yamlGet(n, "url"))
		env.Action = yamlStr(yamlGet(n, "action"))
		env.OnStop = yamlStr(yamlGet(n, "on_stop"))
		env.AutoStopIn = yamlStr(yamlGet(n, "auto_stop_in"))
		env.Tier = yamlStr(yamlGet(n, "deployment_tier"))
	}
	if env.Name == "" {
		return nil
	}
	return env
}

// gitlabEnvironment is a GitLab job's environment, following extends:.
func (g *gitlabReader) environment(name string) *CIEnvironment {
	v, f := g.field(name, "environment")
	return ciEnvironment(f, v)
}
