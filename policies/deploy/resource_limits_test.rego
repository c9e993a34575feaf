package score.checks.deploy.resource_limits_test

import data.score.checks.deploy.resource_limits

container(name, res) := {"name": name, "image": "app:1", "line": 20, "readiness_probe": true, "liveness_probe": true, "startup_probe": false, "resources": res}

full := {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}}

facts(cs) := {"kubernetes": {"workloads": [{"path": "k8s/deploy.yaml", "line": 1, "kind": "Deployment", "name": "api", "source": "manifest", "containers": cs}], "resources": [], "charts": [], "kustomizations": []}}

test_pass_requests_and_memory_limit if {
	f := facts([container("api", full)])
	resource_limits.applicable with input as f
	count(resource_limits.violation) == 0 with input as f
}

test_pass_templated if {
	f := facts([container("api", {"requests": {}, "limits": {}, "templated": true})])
	count(resource_limits.violation) == 0 with input as f
}

test_fail_missing if {
	f := facts([container("api", {"requests": {"cpu": "100m"}, "limits": {"cpu": "1"}}), container("proxy", full)])
	resource_limits.violation == {{"msg": "Deployment api, container api: no memory limit, memory request", "path": "k8s/deploy.yaml", "line": 20}} with input as f
}

test_skip_without_workloads if {
	not resource_limits.applicable with input as facts([])
}

test_skip_when_deployments_live_elsewhere_says_why if {
	f := {"kubernetes": {"workloads": [], "resources": [], "charts": [], "kustomizations": []}, "deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []}}
	not resource_limits.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	count(resource_limits.evidence) == 1 with input as f with data.score.config as {"deployments_elsewhere": true}
}
