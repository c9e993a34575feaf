package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DeploySources is the platform config's `deploy_sources:`: where the
// workloads of services deployed from a separate GitOps or deploy
// repository live.
//
//	deploy_sources:
//	  - repos: acme/services/*          # globs on the service's name
//	    deploy_repo: https://gitlab.example.com/acme/deploy.git
//	    path: apps/{name}               # {name}: the last segment of the service's name
//
// Any entry also declares that deployments may live elsewhere: a service
// with no workloads of its own and no link is then not failed for lacking
// them (policies read data.score.config.deployments_elsewhere).
type DeploySources struct {
	List []DeploySource

	problems []lineProblem
}

// DeploySource maps services to their workloads in a deploy repository.
type DeploySource struct {
	Repos []string `json:"repos"`
	// DeployRepo is the deploy repository's clone URL (or a local folder,
	// relative to the config file, for scans of checkouts).
	DeployRepo string `json:"deploy_repo"`
	// Path is the folder of the service's workloads in it; {name} is the
	// last segment of the service's name, {repo} its whole name.
	Path string `json:"path"`
	Line int    `json:"line"`
}

func (d *DeploySources) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.problems = append(d.problems, lineProblem{n.Line, "deploy_sources: want a list of {repos, deploy_repo, path}"})
		return nil
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			d.problems = append(d.problems, lineProblem{item.Line, "deploy_sources: each entry is a mapping with repos, deploy_repo and path"})
			continue
		}
		e := DeploySource{Line: item.Line}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "repos":
				switch v.Kind {
				case yaml.ScalarNode:
					e.Repos = []string{strings.TrimSpace(v.Value)}
				case yaml.SequenceNode:
					for _, s := range v.Content {
						e.Repos = append(e.Repos, strings.TrimSpace(s.Value))
					}
				}
			case "deploy_repo":
				e.DeployRepo = strings.TrimSpace(v.Value)
			case "path":
				e.Path = strings.Trim(strings.TrimSpace(v.Value), "/")
			default:
				d.problems = append(d.problems, lineProblem{k.Line, fmt.Sprintf("deploy_sources: unknown key %q (want repos, deploy_repo, path)", k.Value)})
			}
		}
		if len(e.Repos) == 0 || e.DeployRepo == "" {
			d.problems = append(d.problems, lineProblem{item.Line, "deploy_sources entries need repos and deploy_repo"})
			continue
		}
		d.List = append(d.List, e)
	}
	return nil
}
