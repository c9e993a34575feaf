package score.checks.deploy.automated_test

import data.score.checks.deploy.automated

base := {
	"containers": {"dockerfiles": [{"path": "Dockerfile", "stages": [], "final_stage": {"index": 0, "line": 1, "from": {}, "expose": []}}], "builders": [], "compose": []},
	"kubernetes": {"workloads": [], "resources": [], "charts": [], "kustomizations": []},
	"deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []},
	"ci": {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []},
}

job(provider, stage, env, cmds) := {
	"provider": provider, "path": ".gitlab-ci.yml", "name": "deploy", "line": 1, "stage": stage,
	"commands": [{"run": c, "path": ".gitlab-ci.yml", "line": 2} | some c in cmds], "reached": [],
	"uses": [], "reports": [], "template": false, "extends": [], "environment": env,
}

test_pass_gitlab_helm_job if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "release", {"name": "production", "line": 4}, ["helm upgrade --install api ./chart"])]}})
	automated.applicable with input as f
	count(automated.violation) == 0 with input as f
}

test_pass_actions_environment if {
	f := object.union(base, {"ci": {"jobs": [job("github", "", {"name": "production", "line": 4}, ["./scripts/ship.sh"])]}})
	count(automated.violation) == 0 with input as f
}

test_pass_gitops if {
	f := object.union(base, {"deploy": {"gitops": [{"tool": "flux", "kind": "Kustomization", "name": "api", "path": "flux/ks.yaml", "line": 1, "pull_request_generator": false}]}})
	count(automated.violation) == 0 with input as f
}

test_pass_auto_devops if {
	f := object.union(base, {"ci": {"gitlab_includes": [{"kind": "template", "location": "Auto-DevOps.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2}]}})
	count(automated.violation) == 0 with input as f
}

test_fail_environment_that_does_not_deploy if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "test", {"name": "staging", "line": 4}, ["echo done"])]}})
	count(automated.violation) == 1 with input as f
}

test_fail_no_deploy if {
	count(automated.violation) == 1 with input as base
}

test_skip_nothing_deployable if {
	f := object.union(base, {"containers": {"dockerfiles": []}})
	not automated.applicable with input as f
	count(automated.violation) == 0 with input as f
}

test_skip_when_deployments_live_elsewhere if {
	not automated.applicable with input as base with data.score.config as {"deployments_elsewhere": true}
	count(automated.evidence) == 1 with input as base with data.score.config as {"deployments_elsewhere": true}
}

test_applies_with_a_linked_deploy_source if {
	f := object.union(base, {"deploy": {"source": {"repo": "acme/deploy", "path": "apps/api", "via": "score.yaml:3"}}})
	automated.applicable with input as f with data.score.config as {"deployments_elsewhere": true}
	count(automated.evidence) == 0 with input as f with data.score.config as {"deployments_elsewhere": true}
}
