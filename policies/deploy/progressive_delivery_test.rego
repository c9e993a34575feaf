package score.checks.deploy.progressive_delivery_test

import data.score.checks.deploy.progressive_delivery

base := {
	"containers": {"dockerfiles": [], "builders": [], "compose": []},
	"kubernetes": {"workloads": [{"path": "k8s/app.yaml", "line": 1, "kind": "Deployment", "name": "api", "source": "manifest", "containers": [], "strategy": "RollingUpdate"}], "resources": [], "charts": [], "kustomizations": []},
	"deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []},
	"ci": {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []},
	"scripts": {"make_targets": [], "npm_scripts": [], "shell": [], "task_runners": []},
}

job(cmds) := {
	"provider": "gitlab", "path": ".gitlab-ci.yml", "name": "deploy", "line": 1, "stage": "deploy",
	"commands": [{"run": c, "path": ".gitlab-ci.yml", "line": 2} | some c in cmds], "reached": [],
	"uses": [], "reports": [], "template": false, "extends": [],
}

test_pass_rollout_canary if {
	f := object.union(base, {"kubernetes": {"workloads": [{"path": "k8s/rollout.yaml", "line": 1, "kind": "Rollout", "name": "api", "source": "manifest", "containers": [], "strategy": "canary"}]}})
	progressive_delivery.applicable with input as f
	count(progressive_delivery.violation) == 0 with input as f
}

test_pass_flagger if {
	f := object.union(base, {"kubernetes": {"resources": [{"path": "k8s/canary.yaml", "line": 1, "api_version": "flagger.app/v1beta1", "kind": "Canary", "name": "api", "source": "manifest"}]}})
	count(progressive_delivery.violation) == 0 with input as f
}

test_pass_helm_atomic if {
	f := object.union(base, {"ci": {"jobs": [job(["helm upgrade --install api ./chart --atomic --timeout 5m"])]}})
	count(progressive_delivery.violation) == 0 with input as f
}

test_fail_plain_deploy if {
	f := object.union(base, {"ci": {"jobs": [job(["helm upgrade --install api ./chart"])]}})
	count(progressive_delivery.violation) == 1 with input as f
}

test_fail_rollout_without_strategy if {
	f := object.union(base, {"kubernetes": {"workloads": [{"path": "k8s/rollout.yaml", "line": 1, "kind": "Rollout", "name": "api", "source": "manifest", "containers": []}]}})
	count(progressive_delivery.violation) == 1 with input as f
}

test_skip_nothing_deployable if {
	f := object.union(base, {"kubernetes": {"workloads": []}})
	not progressive_delivery.applicable with input as f
}

test_skip_when_deployments_live_elsewhere if {
	f := object.union(base, {"kubernetes": {"workloads": []}, "containers": {"dockerfiles": [{"path": "Dockerfile", "stages": [], "final_stage": {"index": 0, "line": 1, "from": {}, "expose": []}}]}})
	progressive_delivery.applicable with input as f
	not progressive_delivery.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	progressive_delivery.applicable with input as base with data.score.config as {"deployments_elsewhere": true}
}
