# METADATA
# title: A pre-production environment precedes production
# description: >-
#   The service is deployed to a non-production environment (staging,
#   pre-production, UAT, QA, test or development) as well as to production,
#   so that a change is seen running before users see it. Environments are
#   read from deploying CI jobs (`environment:` names, GitLab
#   `deployment_tier`), kustomize overlays (overlays/<env>) and Helm values
#   files per environment (values-<env>.yaml); per-merge-request review
#   environments do not count. Silver with weight 2: it needs automated
#   deploys first and is standard practice for a service others depend on.
#   Skipped when the repository has nothing deployable.
# custom:
#   id: deploy.environments
#   category: deploy
#   level: silver
#   weight: 2
#   remediation: 'Deploy to a `staging` (or pre-production) environment before `production`, for example a `deploy-staging` CI job with `environment: staging` ahead of the production job, or a kustomize overlay or Helm values file per environment.'
package score.checks.deploy.environments

import data.score.lib.deploy

applicable if {
	deploy.deployable
	not deploy.elsewhere
}

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

prod contains e if {
	some e in deploy.environments
	deploy.production(e.name, e.tier)
}

preprod contains e if {
	some e in deploy.environments
	deploy.preproduction(e.name, e.tier)
}

names := sort({e.name | some e in deploy.environments})

violation contains {"msg": "no deployment environments: no CI job deploys to an `environment:`, and there are no kustomize overlays or Helm values files per environment"} if {
	deploy.deployable
	count(deploy.environments) == 0
}

violation contains finding if {
	count(deploy.environments) > 0
	count(preprod) == 0
	finding := located(sprintf("no pre-production environment (staging, pre-prod, UAT, QA, test or dev) among the environments %s", [concat(", ", names)]), deploy.environments)
}

violation contains finding if {
	count(preprod) > 0
	count(prod) == 0
	finding := located(sprintf("no production environment among the environments %s, so nothing follows the pre-production ones", [concat(", ", names)]), preprod)
}

# located points a finding at the first environment (by path and line).
located(msg, envs) := {"msg": msg, "path": e[0], "line": e[1]} if {
	e := min({[x.path, x.line, x.name] | some x in envs})
}
