package score.checks.deploy.review_apps_test

import data.score.checks.deploy.review_apps

base := {
	"containers": {"dockerfiles": [], "builders": [], "compose": []},
	"kubernetes": {"workloads": [], "resources": [], "charts": [{"path": "chart/Chart.yaml", "line": 1}], "kustomizations": []},
	"deploy": {"gitops": [], "autoscalers": [], "disruption_budgets": [], "overlays": []},
	"ci": {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []},
}

job(provider, name, env, cmds) := {
	"provider": provider, "path": ".gitlab-ci.yml", "name": name, "line": 1, "stage": "deploy",
	"commands": [{"run": c, "path": ".gitlab-ci.yml", "line": 2} | some c in cmds], "reached": [],
	"uses": [], "reports": [], "template": false, "extends": [], "environment": env,
}

test_pass_gitlab_on_stop if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "review", {"name": "review/$CI_COMMIT_REF_SLUG", "on_stop": "stop_review", "line": 5}, ["helm upgrade --install r chart"])]}})
	review_apps.applicable with input as f
	count(review_apps.violation) == 0 with input as f
}

test_pass_gitlab_auto_stop_in if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "review", {"name": "review/$CI_MERGE_REQUEST_IID", "auto_stop_in": "2 days", "line": 5}, [])]}})
	count(review_apps.violation) == 0 with input as f
}

test_pass_actions_preview_with_teardown if {
	f := object.union(base, {"ci": {"jobs": [
		job("github", "preview", {"name": "pr-${{ github.event.number }}", "line": 5}, ["helm upgrade --install pr chart"]),
		object.remove(job("github", "cleanup", {}, ["helm uninstall pr-${{ github.event.number }}"]), ["environment"]),
	]}})
	count(review_apps.violation) == 0 with input as f
}

test_pass_applicationset_pull_request if {
	f := object.union(base, {"deploy": {"gitops": [{"tool": "argocd", "kind": "ApplicationSet", "name": "previews", "path": "argocd/previews.yaml", "line": 1, "pull_request_generator": true}]}})
	count(review_apps.violation) == 0 with input as f
}

test_fail_review_never_stopped if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "review", {"name": "review/$CI_COMMIT_REF_SLUG", "line": 5}, [])]}})
	review_apps.violation == {{"msg": "job review deploys to the per-merge-request environment review/$CI_COMMIT_REF_SLUG but never stops it: no `on_stop` or `auto_stop_in`", "path": ".gitlab-ci.yml", "line": 5}} with input as f
}

test_fail_actions_preview_without_teardown if {
	f := object.union(base, {"ci": {"jobs": [job("github", "preview", {"name": "pr-${{ github.event.number }}", "line": 5}, [])]}})
	count(review_apps.violation) == 1 with input as f
}

test_fail_no_review_environments if {
	f := object.union(base, {"ci": {"jobs": [job("gitlab", "prod", {"name": "production", "line": 5}, ["helm upgrade --install p chart"])]}})
	count(review_apps.violation) == 1 with input as f
}

test_skip_nothing_deployable if {
	f := object.union(base, {"kubernetes": {"charts": []}})
	not review_apps.applicable with input as f
}

test_skip_when_deployments_live_elsewhere if {
	not review_apps.applicable with input as base with data.score.config as {"deployments_elsewhere": true}
}
