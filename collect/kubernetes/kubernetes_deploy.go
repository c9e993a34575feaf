package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/facts"
)

// This file reads what the deploy checks need from Kubernetes objects:
// replicas, rollout strategy and container resources of workloads, and the
// GitOps, autoscaling and disruption-budget objects (Facts.Deploy). The
// objects themselves are found by the kubernetes collector.

// k8sReadDeploy fills a workload's replicas, strategy and its containers'
// resources. Containers are matched in the order k8sReadPod appended them
// (mapping entries of spec.containers).
func k8sReadDeploy(w *facts.Workload, obj, pod *yaml.Node, tpl *helmTemplate) {
	spec := yamlnode.YamlGet(obj, "spec")
	if k, v := yamlnode.YamlGetPair(spec, "replicas"); k != nil {
		r, templated := tpl.valueOf(v)
		if templated {
			w.ReplicasTemplated = true
		} else {
			w.Replicas = yamlnode.YamlInt(r)
		}
		w.ReplicasByEnv = envReplicas(v, tpl)
	}
	switch {
	case w.Kind == "Rollout":
		strategy := yamlnode.YamlGet(spec, "strategy")
		for _, s := range []string{"canary", "blueGreen"} {
			if yamlnode.YamlGet(strategy, s) != nil {
				w.Strategy = s
			}
		}
	case w.Kind == "StatefulSet":
		w.Strategy = yamlnode.YamlStr(yamlnode.YamlPath(spec, "updateStrategy", "type"))
	default:
		w.Strategy = yamlnode.YamlStr(yamlnode.YamlPath(spec, "strategy", "type"))
	}
	if tpl.isTemplated(w.Strategy) {
		w.Strategy = ""
	}
	i := 0
	for _, c := range yamlnode.YamlItems(yamlnode.YamlGet(pod, "containers")) {
		if c.Kind != yaml.MappingNode {
			continue
		}
		if i >= len(w.Containers) {
			break
		}
		w.Containers[i].Resources = k8sResources(yamlnode.YamlGet(c, "resources"), tpl)
		i++
	}
}

// k8sResources reads a resources block, resolving Helm placeholders.
func k8sResources(n *yaml.Node, tpl *helmTemplate) facts.ContainerResources {
	var r facts.ContainerResources
	res, templated := tpl.valueOf(n)
	if templated {
		r.Templated = true
		return r
	}
	amounts := func(m *yaml.Node) facts.ResourceAmounts {
		m, t := tpl.valueOf(m)
		if t {
			r.Templated = true
		}
		var a facts.ResourceAmounts
		for key, dst := range map[string]*string{"cpu": &a.CPU, "memory": &a.Memory} {
			v, t := tpl.valueOf(yamlnode.YamlGet(m, key))
			if t {
				r.Templated = true
				continue
			}
			*dst = tpl.restore(yamlnode.YamlStr(v))
		}
		return a
	}
	r.Requests = amounts(yamlnode.YamlGet(res, "requests"))
	r.Limits = amounts(yamlnode.YamlGet(res, "limits"))
	return r
}

// k8sMergeDeploy merges what a strategic-merge patch sets for the deploy
// facts into the workload it patches: a patch's value wins, as kustomize
// applies it.
func k8sMergeDeploy(base, patch *facts.Workload) {
	if patch.Replicas != nil || patch.ReplicasTemplated {
		base.Replicas, base.ReplicasTemplated = patch.Replicas, patch.ReplicasTemplated
	}
	if patch.Strategy != "" {
		base.Strategy = patch.Strategy
	}
	for _, pc := range patch.Containers {
		for i := range base.Containers {
			bc := &base.Containers[i]
			if bc.Name != pc.Name && !(pc.Name == "" && len(base.Containers) == 1) {
				continue
			}
			mergeAmounts(&bc.Resources.Requests, pc.Resources.Requests)
			mergeAmounts(&bc.Resources.Limits, pc.Resources.Limits)
			bc.Resources.Templated = bc.Resources.Templated || pc.Resources.Templated
		}
	}
}

func mergeAmounts(dst *facts.ResourceAmounts, src facts.ResourceAmounts) {
	if src.CPU != "" {
		dst.CPU = src.CPU
	}
	if src.Memory != "" {
		dst.Memory = src.Memory
	}
}

// deployObject records a non-workload object the deploy checks read.
func (k *k8sScan) deployObject(p, apiVersion, kind, name string, n *yaml.Node, line int, tpl *helmTemplate) {
	group, _, _ := strings.Cut(apiVersion, "/")
	d := &k.deploy
	switch {
	case group == "argoproj.io" && (kind == "Application" || kind == "ApplicationSet"):
		o := facts.GitOpsObject{Tool: "argocd", Kind: kind, Name: name, Path: p, Line: line}
		if kind == "ApplicationSet" {
			o.PullRequestGenerator = hasPullRequestGenerator(yamlnode.YamlPath(n, "spec", "generators"), 0)
		}
		d.GitOps = append(d.GitOps, o)
	case (group == "kustomize.toolkit.fluxcd.io" && kind == "Kustomization") ||
		(group == "helm.toolkit.fluxcd.io" && kind == "HelmRelease"):
		d.GitOps = append(d.GitOps, facts.GitOpsObject{Tool: "flux", Kind: kind, Name: name, Path: p, Line: line})
	case group == "autoscaling" && kind == "HorizontalPodAutoscaler":
		spec := yamlnode.YamlGet(n, "spec")
		a := facts.Autoscaler{Kind: kind, Name: name, Path: p, Line: line,
			TargetKind: tpl.restore(yamlnode.YamlStr(yamlnode.YamlPath(spec, "scaleTargetRef", "kind"))),
			TargetName: tpl.restore(yamlnode.YamlStr(yamlnode.YamlPath(spec, "scaleTargetRef", "name")))}
		if v, t := tpl.valueOf(yamlnode.YamlGet(spec, "minReplicas")); !t {
			a.MinReplicas = yamlnode.YamlInt(v)
		}
		d.Autoscalers = append(d.Autoscalers, a)
	case group == "keda.sh" && kind == "ScaledObject":
		spec := yamlnode.YamlGet(n, "spec")
		a := facts.Autoscaler{Kind: kind, Name: name, Path: p, Line: line,
			TargetKind: tpl.restore(yamlnode.YamlStr(yamlnode.YamlPath(spec, "scaleTargetRef", "kind"))),
			TargetName: tpl.restore(yamlnode.YamlStr(yamlnode.YamlPath(spec, "scaleTargetRef", "name")))}
		if a.TargetKind == "" {
			a.TargetKind = "Deployment"
		}
		if v, t := tpl.valueOf(yamlnode.YamlGet(spec, "minReplicaCount")); !t {
			a.MinReplicas = yamlnode.YamlInt(v)
		}
		d.Autoscalers = append(d.Autoscalers, a)
	case group == "policy" && kind == "PodDisruptionBudget":
		d.DisruptionBudgets = append(d.DisruptionBudgets, facts.NamedObject{Name: name, Path: p, Line: line})
	}
}

// hasPullRequestGenerator reports whether an ApplicationSet's generators
// (possibly nested in matrix/merge generators) include pullRequest.
func hasPullRequestGenerator(gens *yaml.Node, depth int) bool {
	if depth > 3 {
		return false
	}
	for _, g := range yamlnode.YamlItems(gens) {
		if yamlnode.YamlGet(g, "pullRequest") != nil {
			return true
		}
		for _, nested := range []string{"matrix", "merge"} {
			if hasPullRequestGenerator(yamlnode.YamlPath(g, nested, "generators"), depth+1) {
				return true
			}
		}
	}
	return false
}
