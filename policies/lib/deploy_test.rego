package score.lib.deploy_test

import data.score.lib.deploy

test_production if {
	deploy.production("production", "")
	deploy.production("prod-eu", "")
	deploy.production("eu/live", "")
	deploy.production("anything", "production")
	not deploy.production("preprod", "")
	not deploy.production("non-prod", "")
	not deploy.production("review/$CI_COMMIT_REF_SLUG", "")
	not deploy.production("product-catalog", "")
}

test_preproduction if {
	deploy.preproduction("staging", "")
	deploy.preproduction("pre-prod", "")
	deploy.preproduction("uat", "")
	deploy.preproduction("eu-dev", "")
	deploy.preproduction("x", "staging")
	not deploy.preproduction("production", "")
	not deploy.preproduction("review/staging-$CI_COMMIT_REF_SLUG", "")
	not deploy.preproduction("latest", "")
}

test_review if {
	deploy.review("review/$CI_COMMIT_REF_SLUG")
	deploy.review("pr-${{ github.event.number }}")
	deploy.review("preview")
	not deploy.review("production")
	not deploy.review("staging")
}

job(provider, stage, env, cmds) := {
	"provider": provider, "path": ".gitlab-ci.yml", "name": sprintf("%s-%s-%s", [provider, stage, concat(" ", cmds)]), "line": 1, "stage": stage,
	"commands": [{"run": c, "path": ".gitlab-ci.yml", "line": 2} | some c in cmds], "reached": [],
	"uses": [], "reports": [], "template": false, "extends": [], "environment": env,
}

test_deploy_jobs if {
	deploys := {
		job("gitlab", "deploy", {"name": "staging", "line": 3}, ["./go.sh"]),
		job("gitlab", "ship", {"name": "prod", "line": 3}, ["helm upgrade --install api chart"]),
		job("github", "", {"name": "prod", "line": 3}, ["./go.sh"]),
	}
	others := [
		job("gitlab", "test", {"name": "staging", "line": 3}, ["echo hi"]),
		job("gitlab", "deploy", {"name": "staging", "action": "stop", "line": 3}, ["helm uninstall api"]),
		object.union(job("gitlab", "deploy", {"name": "staging", "line": 3}, ["./tpl.sh"]), {"template": true}),
	]
	js := array.concat([j | some j in deploys], others)
	got := {j.name | some j in deploy.deploy_jobs} with input.ci.jobs as js
	got == {j.name | some j in deploys}
}

test_other_ci_deploy_command if {
	js := [
		object.remove(job("jenkins", "", {}, ["kubectl set image deployment/api api=$IMAGE"]), ["environment"]),
		object.remove(job("jenkins", "", {}, ["docker push $IMAGE"]), ["environment"]),
	]
	got := {j.name | some j in deploy.deploy_jobs} with input.ci.jobs as js
	got == {"jenkins--kubectl set image deployment/api api=$IMAGE"}
}

test_elsewhere if {
	f := {"kubernetes": {"workloads": []}, "deploy": {}}
	deploy.elsewhere with input as f with data.score.config as {"deployments_elsewhere": true}
	not deploy.elsewhere with input as f
	not deploy.elsewhere with input as {"kubernetes": {"workloads": [{"kind": "Deployment"}]}, "deploy": {}} with data.score.config as {"deployments_elsewhere": true}
	not deploy.elsewhere with input as {"kubernetes": {"workloads": []}, "deploy": {"source": {"repo": "acme/deploy"}}} with data.score.config as {"deployments_elsewhere": true}
}
