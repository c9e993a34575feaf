package score.checks.deploy.environments_test

import data.score.checks.deploy.environments

base := {
	"containers": {"dockerfiles": [], "builders": [], "compose": []},
	"kubernetes": {"workloads": [], "resources": [], "charts": [], "kustomizations": [{"path": "k8s/base/kustomization.yaml", "line": 1}]},
	"deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []},
	"ci": {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []},
}

job(name, env, tier) := {
	"provider": "gitlab", "path": ".gitlab-ci.yml", "name": name, "line": 1, "stage": "deploy",
	"commands": [], "reached": [], "uses": [], "reports": [], "template": false, "extends": [],
	"environment": {"name": env, "tier": tier, "line": 10},
}

overlay(env) := {"kind": "kustomize", "env": env, "path": sprintf("k8s/overlays/%s/kustomization.yaml", [env])}

test_pass_ci_staging_then_production if {
	f := object.union(base, {"ci": {"jobs": [job("staging", "staging", ""), job("prod", "production", "")]}})
	environments.applicable with input as f
	count(environments.violation) == 0 with input as f
}

test_pass_tiers if {
	f := object.union(base, {"ci": {"jobs": [job("a", "eu-1", "staging"), job("b", "eu-2", "production")]}})
	count(environments.violation) == 0 with input as f
}

test_pass_overlays if {
	f := object.union(base, {"deploy": {"overlays": [overlay("staging"), overlay("prod")]}})
	count(environments.violation) == 0 with input as f
}

test_fail_production_only if {
	f := object.union(base, {"ci": {"jobs": [job("prod", "production", ""), job("review", "review/$CI_COMMIT_REF_SLUG", "")]}})
	environments.violation == {{"msg": "no pre-production environment (staging, pre-prod, UAT, QA, test or dev) among the environments production, review/$CI_COMMIT_REF_SLUG", "path": ".gitlab-ci.yml", "line": 10}} with input as f
}

test_fail_staging_only if {
	f := object.union(base, {"deploy": {"overlays": [overlay("staging")]}})
	environments.violation == {{"msg": "no production environment among the environments staging, so nothing follows the pre-production ones", "path": "k8s/overlays/staging/kustomization.yaml", "line": 0}} with input as f
}

test_fail_no_environments if {
	count(environments.violation) == 1 with input as base
}

test_skip_nothing_deployable if {
	f := object.union(base, {"kubernetes": {"kustomizations": []}})
	not environments.applicable with input as f
}

test_skip_when_deployments_live_elsewhere if {
	not environments.applicable with input as base with data.score.config as {"deployments_elsewhere": true}
}
