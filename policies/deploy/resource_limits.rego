# METADATA
# title: Workload containers set resource requests and a memory limit
# description: >-
#   Every container of every Kubernetes workload (manifests, kustomize with
#   its patches, Helm templates with `.Values` placeholders read from the
#   chart's values.yaml) requests CPU and memory and sets a memory limit,
#   so the scheduler can place it and a leak cannot starve its neighbours.
#   A resources block that is a Helm action which cannot be read from
#   values.yaml is given the benefit of the doubt. Silver with weight 2: a
#   production-readiness basic, but one that needs measured numbers.
#   Skipped when the repository has no Kubernetes workloads.
# custom:
#   id: deploy.resource-limits
#   category: deploy
#   level: silver
#   weight: 2
#   remediation: 'Give every workload container `resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}`, sized from observed usage.'
package score.checks.deploy.resource_limits

import data.score.lib.deploy

workloads contains w if {
	some w in input.kubernetes.workloads
	count(w.containers) > 0
}

applicable if count(workloads) > 0

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

violation contains {"msg": msg, "path": w.path, "line": line} if {
	some w in workloads
	some c in w.containers
	r := object.get(c, "resources", {})
	not object.get(r, "templated", false)
	wanted := {
		"cpu request": object.get(r, ["requests", "cpu"], ""),
		"memory request": object.get(r, ["requests", "memory"], ""),
		"memory limit": object.get(r, ["limits", "memory"], ""),
	}
	missing := [name | some name, v in wanted; v == ""]
	count(missing) > 0
	msg := sprintf("%s %s, container %s: no %s", [w.kind, w.name, c.name, concat(", ", sort(missing))])
	line := container_line(w, c)
}

container_line(w, c) := c.line if {
	c.line > 0
} else := w.line
