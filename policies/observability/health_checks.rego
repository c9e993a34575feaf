# METADATA
# title: Health checks are declared
# description: >-
#   Every container of every long-running Kubernetes workload (Deployment,
#   StatefulSet, DaemonSet, Argo Rollout; from manifests, kustomize or Helm
#   templates) has both a readiness and a liveness probe, so that traffic
#   only reaches ready pods and stuck ones are restarted. Without such
#   workloads, a HEALTHCHECK in the final stage of a Dockerfile or a compose
#   healthcheck on a service built from this repository will do. Skipped
#   when the repository has no deployable artefact.
# custom:
#   id: observability.health-checks
#   category: observability
#   level: bronze
#   weight: 3
#   remediation: Give every workload container a `readinessProbe` and a `livenessProbe` (for example HTTP GETs on `/readyz` and `/livez`); without Kubernetes manifests, add a `HEALTHCHECK` to the final stage of the Dockerfile.
package score.checks.observability.health_checks

import data.score.lib.containers
import data.score.lib.deploy
import data.score.lib.paths

long_running := {"Deployment", "StatefulSet", "DaemonSet", "Rollout"}

workloads contains w if {
	some w in input.kubernetes.workloads
	w.kind in long_running
}

built_services contains s if {
	some f in input.containers.compose
	some s in f.services
	s.build
}

applicable if count(workloads) > 0

applicable if {
	count(containers.dockerfiles) > 0
	not deploy.elsewhere
}

applicable if {
	count(built_services) > 0
	not deploy.elsewhere
}

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

# With workloads: every container needs both probes.
violation contains {"msg": msg, "path": w.path, "line": line} if {
	some w in workloads
	some c in w.containers
	missing := [name | some name, present in {"readiness": c.readiness_probe, "liveness": c.liveness_probe}; not present]
	count(missing) > 0
	msg := sprintf("%s %s, container %s: no %s probe", [w.kind, w.name, c.name, concat(" or ", sort(missing))])
	line := container_line(w, c)
}

container_line(w, c) := c.line if {
	c.line > 0
} else := w.line

# Without workloads: one Dockerfile HEALTHCHECK or compose healthcheck on a
# service built here is enough.
image_health if {
	some df in containers.dockerfiles
	df.final_stage.healthcheck
	not df.final_stage.healthcheck.none
}

image_health if {
	some s in built_services
	s.healthcheck
	not s.healthcheck_disabled
}

violation contains finding if {
	count(workloads) == 0
	applicable
	not image_health
	finding := image_finding
}

image_finding := {"msg": msg, "path": p, "line": line} if {
	count(containers.dockerfiles) > 0
	p := paths.rootmost({d.path | some d in containers.dockerfiles})
	some df in containers.dockerfiles
	df.path == p
	line := object.get(object.get(df, "final_stage", {}), "line", 0)
	msg := "no Kubernetes workloads, and no HEALTHCHECK in the final stage of any Dockerfile nor a healthcheck on a compose service built here"
}

image_finding := {"msg": msg, "path": f.path, "line": s.line} if {
	count(containers.dockerfiles) == 0
	p := paths.rootmost({f.path | some f in input.containers.compose; some s in f.services; s.build})
	some f in input.containers.compose
	f.path == p
	some s in f.services
	s.build
	s.line == min({x.line | some x in f.services; x.build})
	msg := sprintf("compose service %s is built here but declares no healthcheck, and there are no Kubernetes workloads", [s.name])
}
