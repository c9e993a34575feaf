package score.checks.observability.health_checks_test

import data.score.checks.observability.health_checks

container(name, readiness, liveness) := {"name": name, "image": "app:1", "line": 20, "readiness_probe": readiness, "liveness_probe": liveness, "startup_probe": false}

workload(kind, name, cs) := {"path": "deploy/app.yaml", "line": 1, "kind": kind, "name": name, "source": "manifest", "containers": cs}

final_stage(healthcheck) := object.union({"index": 1, "line": 9, "from": {}, "expose": []}, healthcheck)

dockerfile(path, healthcheck) := {"path": path, "stages": [], "final_stage": final_stage(healthcheck)}

facts(workloads, dockerfiles, compose) := {
	"kubernetes": {"workloads": workloads, "resources": [], "charts": [], "kustomizations": []},
	"containers": {"dockerfiles": dockerfiles, "builders": [], "compose": compose},
}

test_pass_workloads_with_both_probes if {
	f := facts([workload("Deployment", "api", [container("api", true, true)])], [dockerfile("Dockerfile", {})], [])
	health_checks.applicable with input as f
	count(health_checks.violation) == 0 with input as f
}

test_fail_each_container_missing_probes if {
	f := facts(
		[
			workload("Deployment", "api", [container("api", true, false), object.union(container("sidecar", false, false), {"line": 0})]),
			object.union(workload("StatefulSet", "db", [container("db", false, true)]), {"path": "charts/db/templates/sts.yaml", "line": 3}),
		],
		[], [],
	)
	vs := health_checks.violation with input as f
	vs == {
		{"msg": "Deployment api, container api: no liveness probe", "path": "deploy/app.yaml", "line": 20},
		{"msg": "Deployment api, container sidecar: no liveness or readiness probe", "path": "deploy/app.yaml", "line": 1},
		{"msg": "StatefulSet db, container db: no readiness probe", "path": "charts/db/templates/sts.yaml", "line": 20},
	}
}

test_workload_probes_required_even_with_dockerfile_healthcheck if {
	f := facts([workload("Deployment", "api", [container("api", false, false)])], [dockerfile("Dockerfile", {"healthcheck": {"line": 8, "none": false}})], [])
	count(health_checks.violation) == 1 with input as f
}

test_pass_dockerfile_healthcheck_without_workloads if {
	f := facts([], [dockerfile("Dockerfile", {"healthcheck": {"line": 8, "none": false}})], [])
	count(health_checks.violation) == 0 with input as f
}

test_jobs_are_not_long_running if {
	f := facts([workload("CronJob", "cleanup", [container("cleanup", false, false)])], [dockerfile("Dockerfile", {"healthcheck": {"line": 8, "none": false}})], [])
	count(health_checks.violation) == 0 with input as f
}

test_fail_healthcheck_none if {
	f := facts([], [dockerfile("Dockerfile", {"healthcheck": {"line": 8, "none": true}})], [])
	vs := health_checks.violation with input as f
	vs == {{"msg": "no Kubernetes workloads, and no HEALTHCHECK in the final stage of any Dockerfile nor a healthcheck on a compose service built here", "path": "Dockerfile", "line": 9}}
}

test_pass_compose_healthcheck_on_built_service if {
	compose := [{"path": "compose.yaml", "services": [
		{"name": "app", "line": 3, "build": true, "healthcheck": true, "healthcheck_disabled": false},
		{"name": "db", "line": 10, "build": false, "image": "postgres:16", "healthcheck": false, "healthcheck_disabled": false},
	]}]
	f := facts([], [dockerfile("Dockerfile", {})], compose)
	count(health_checks.violation) == 0 with input as f
}

test_fail_compose_healthcheck_only_on_pulled_service if {
	compose := [{"path": "compose.yaml", "services": [
		{"name": "app", "line": 3, "build": true, "healthcheck": false, "healthcheck_disabled": false},
		{"name": "db", "line": 10, "build": false, "image": "postgres:16", "healthcheck": true, "healthcheck_disabled": false},
	]}]
	vs := health_checks.violation with input as facts([], [], compose)
	vs == {{"msg": "compose service app is built here but declares no healthcheck, and there are no Kubernetes workloads", "path": "compose.yaml", "line": 3}}
}

test_skip_without_deployable_artefact if {
	not health_checks.applicable with input as facts([], [], [])
	not health_checks.applicable with input as facts([], [dockerfile(".devcontainer/Dockerfile", {})], [])
}

test_skip_dockerfile_only_when_deployments_live_elsewhere if {
	f := object.union(facts([], [dockerfile("Dockerfile", {})], []), {"deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []}})
	health_checks.applicable with input as f
	not health_checks.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	count(health_checks.evidence) == 1 with input as f with data.score.config as {"deployments_elsewhere": true}
}

test_linked_workloads_are_checked if {
	w := object.union(workload("Deployment", "api", [container("api", false, true)]), {"path": "acme/deploy:apps/api/deploy.yaml"})
	f := object.union(facts([w], [], []), {"deploy": {"source": {"repo": "acme/deploy", "path": "apps/api", "via": "score.yaml:3"}}})
	health_checks.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	some v in health_checks.violation with input as f
	v.path == "acme/deploy:apps/api/deploy.yaml"
}
