# METADATA
# title: Workloads are highly available
# description: >-
#   Every long-running Kubernetes workload (Deployment, StatefulSet, Argo
#   Rollout, DeploymentConfig) runs more than one replica — `replicas` of 2
#   or more (Helm placeholders read from values.yaml), or a
#   HorizontalPodAutoscaler or KEDA ScaledObject on it with a minimum of 2
#   or more — and the repository has a PodDisruptionBudget, so that a node
#   drain or a crash does not take the service down. Replicas that are a
#   Helm action that cannot be read are given the benefit of the doubt. A
#   chart's production values file (values-prod.yaml, values/production.yaml
#   ...) decides the replicas in production over values.yaml.
#   Gold with weight 1: not every service needs it, and it costs capacity.
#   Skipped when the repository has no long-running workloads.
# custom:
#   id: deploy.high-availability
#   category: deploy
#   level: gold
#   weight: 1
#   remediation: 'Run at least two replicas (`replicas: 2`, or a HorizontalPodAutoscaler with `minReplicas: 2`) and add a PodDisruptionBudget with `minAvailable: 1` for each workload.'
package score.checks.deploy.high_availability

import data.score.lib.deploy
import data.score.lib.paths

workloads contains w if {
	some w in input.kubernetes.workloads
	w.kind in deploy.long_running
}

applicable if count(workloads) > 0

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

# scaled(w) holds when an autoscaler targets w with a minimum of 2 or
# more. A templated target name matches any workload of its kind.
scaled(w) if {
	some a in input.deploy.autoscalers
	object.get(a, "target_kind", "") == w.kind
	target_matches(object.get(a, "target_name", ""), w.name)
	object.get(a, "min_replicas", 1) >= 2
}

target_matches(target, name) if target == name

target_matches(target, name) if contains(target, "{{")

target_matches(target, name) if contains(name, "{{")

replicated(w) if {
	object.get(w, "replicas", 1) >= 2
	not production_single(w)
}

# A chart's production values file decides for production: replicas set
# there win over values.yaml (Facts: replicas_by_env).
replicated(w) if {
	some env, n in object.get(w, "replicas_by_env", {})
	deploy.production(env, "")
	n >= 2
}

production_single(w) if {
	some env, n in object.get(w, "replicas_by_env", {})
	deploy.production(env, "")
	n < 2
}

replicated(w) if object.get(w, "replicas_templated", false)

replicated(w) if scaled(w)

violation contains {"msg": msg, "path": w.path, "line": w.line} if {
	some w in workloads
	not replicated(w)
	msg := sprintf("%s %s runs %d replica and no autoscaler keeps 2 or more", [w.kind, w.name, object.get(w, "replicas", 1)])
}

violation contains {"msg": msg, "path": p} if {
	count(workloads) > 0
	count(input.deploy.disruption_budgets) == 0
	p := paths.rootmost({w.path | some w in workloads})
	msg := sprintf("no PodDisruptionBudget for the workloads %s", [concat(", ", sort({sprintf("%s %s", [w.kind, w.name]) | some w in workloads}))])
}
