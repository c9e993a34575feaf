# METADATA
# title: Merge requests get review environments that are stopped
# description: >-
#   Every merge or pull request can be seen running in its own environment,
#   and that environment is removed again: a GitLab job whose environment is
#   named per branch or request (review/$CI_COMMIT_REF_SLUG) with
#   `on_stop` or `auto_stop_in`, GitLab Auto DevOps (its review job stops
#   itself), an Actions job with a per-request environment and a CI job that
#   tears deployments down (helm uninstall, kubectl delete, terraform
#   destroy ...), or an Argo CD ApplicationSet with a pullRequest generator.
#   Gold with weight 1: valuable, but it needs infrastructure many teams do
#   not have yet. Skipped when the repository has nothing deployable.
# custom:
#   id: deploy.review-apps
#   category: deploy
#   level: gold
#   weight: 1
#   remediation: 'Add a review job that deploys each merge request to `environment: {name: review/$CI_COMMIT_REF_SLUG, on_stop: stop_review, auto_stop_in: 1 week}` with a `stop_review` job that removes it, or an Argo CD ApplicationSet with a pullRequest generator.'
package score.checks.deploy.review_apps

import data.score.lib.ci
import data.score.lib.commands
import data.score.lib.deploy

applicable if {
	deploy.deployable
	not deploy.elsewhere
}

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

review_jobs contains j if {
	some j in input.ci.jobs
	not j.template
	j.environment
	deploy.starts(j.environment)
	deploy.review(j.environment.name)
}

gitlab_stopped(j) if object.get(j.environment, "on_stop", "") != ""

gitlab_stopped(j) if object.get(j.environment, "auto_stop_in", "") != ""

# tears_down holds when some CI job removes a deployment.
tears_down if {
	some j in input.ci.jobs
	some c in deploy.job_lines(j)
	commands.matches(deploy.teardown, c.run)
}

ok if {
	some j in review_jobs
	j.provider == "gitlab"
	gitlab_stopped(j)
}

ok if {
	some j in review_jobs
	j.provider in deploy.actions_providers
	tears_down
}

ok if ci.auto_devops

ok if {
	some o in deploy.gitops
	o.pull_request_generator
}

violation contains {"msg": msg, "path": j.path, "line": j.environment.line} if {
	not ok
	some j in review_jobs
	j.provider == "gitlab"
	msg := sprintf("job %s deploys to the per-merge-request environment %s but never stops it: no `on_stop` or `auto_stop_in`", [j.name, j.environment.name])
}

violation contains {"msg": msg, "path": j.path, "line": j.environment.line} if {
	not ok
	some j in review_jobs
	j.provider in deploy.actions_providers
	msg := sprintf("job %s deploys to the per-request environment %s but no CI job tears review deployments down", [j.name, j.environment.name])
}

violation contains {"msg": "no per-merge-request review environments: no CI job deploys to an environment named per branch or request (review/$CI_COMMIT_REF_SLUG) and no Argo CD ApplicationSet has a pullRequest generator"} if {
	deploy.deployable
	not ok
	count(review_jobs) == 0
}
