# METADATA
# title: Deploy helpers
# description: |
#   One view of how a repository is deployed, across GitLab CI, Actions and
#   GitOps layouts: which CI jobs deploy to an environment, which
#   environments exist and whether each is production, pre-production or
#   a per-merge-request review environment, and whether the repository has
#   anything deployable at all.
package score.lib.deploy

import data.score.lib.ci
import data.score.lib.commands
import data.score.lib.config
import data.score.lib.containers

# clis are deploy commands, as a lib.commands table: kubectl, helm,
# helmfile, kustomize (through kubectl), argocd, flux, terraform/OpenTofu/
# Terragrunt, Pulumi, CDK, Skaffold, and the cloud and PaaS CLIs.
clis := {
	"kubectl": `kubectl(\s+\S+)*\s+(apply|create|replace|set\s+image|rollout\s+restart|patch|argo\s+rollouts\s+(set|promote))`,
	"helm": `helm(\s+\S+)*\s+(upgrade|install)`,
	"helmfile": `helmfile(\s+\S+)*\s+(apply|sync|deploy)`,
	"kustomize": `kustomize\s+build`,
	"argocd": `argocd\s+app\s+(sync|set|create|wait)`,
	"flux": `flux\s+(reconcile|create)`,
	"terraform": `terraform(\s+\S+)*\s+apply`,
	"tofu": `tofu(\s+\S+)*\s+apply`,
	"terragrunt": `terragrunt(\s+\S+)*\s+(apply|run-all\s+apply)`,
	"pulumi": `pulumi(\s+\S+)*\s+up`,
	"cdk": `cdk\s+deploy`,
	"skaffold": `skaffold\s+(run|deploy)`,
	"gcloud": `gcloud(\s+\S+)*\s+(run\s+deploy|app\s+deploy|run\s+services\s+update|functions\s+deploy|deploy\s+releases\s+create)`,
	"aws": `aws\s+(ecs\s+update-service|deploy\s+create-deployment|lambda\s+update-function-code|cloudformation\s+deploy|apprunner\s+start-deployment)`,
	"az": `az\s+(webapp\s+(deploy|up|config\s+container\s+set)|containerapp\s+(update|up)|functionapp\s+deploy|deployment\s+group\s+create)`,
	"eb": `eb\s+deploy`,
	"cf": `cf\s+push`,
	"serverless": `serverless\s+deploy`,
	"sls": `sls\s+deploy`,
	"fly": `fly(ctl)?\s+deploy`,
	"flyctl": `flyctl\s+deploy`,
	"kamal": `kamal\s+deploy`,
	"copilot": `copilot\s+(svc|job)?\s*deploy`,
	"kn": `kn\s+service\s+(create|update|apply)`,
	"oc": `oc\s+(apply|rollout|new-app|start-build)`,
	"vercel": `vercel(\s+\S+)*\s+(deploy|--prod)`,
	"netlify": `netlify\s+deploy`,
	"wrangler": `wrangler\s+(deploy|publish)`,
	"heroku": `heroku\s+container:release`,
}

# teardown are commands that remove a deployment.
teardown := {
	"helm": `helm(\s+\S+)*\s+(uninstall|delete)`,
	"kubectl": `kubectl(\s+\S+)*\s+delete\s+(ns|namespace|-k|-f|all)`,
	"terraform": `terraform(\s+\S+)*\s+destroy`,
	"tofu": `tofu(\s+\S+)*\s+destroy`,
	"argocd": `argocd\s+app\s+delete`,
	"fly": `fly(ctl)?\s+apps\s+destroy`,
	"flyctl": `flyctl\s+apps\s+destroy`,
	"vercel": `vercel\s+(rm|remove)`,
	"gcloud": `gcloud(\s+\S+)*\s+run\s+services\s+delete`,
	"skaffold": `skaffold\s+delete`,
	"pulumi": `pulumi(\s+\S+)*\s+destroy`,
}

# rollback are commands and flags that roll a failed deployment back on
# their own.
rollback := {
	"helm": `helm(\s+\S+)*\s+(rollback|(upgrade|install)(\s+\S+)*\s+(--atomic|--rollback-on-failure))`,
	"kubectl": `kubectl(\s+\S+)*\s+(rollout\s+undo|argo\s+rollouts\s+(abort|undo))`,
	"argocd": `argocd\s+app\s+rollback`,
	"kamal": `kamal\s+rollback`,
	"aws": `aws\s+deploy\s+create-deployment(\s+\S+)*\s+--auto-rollback-configuration`,
	"gcloud": `gcloud(\s+\S+)*\s+run\s+services\s+update-traffic`,
	"flagger": `flagger`,
}

actions_providers := ci.actions_providers

# job_lines are a job's own and reached command lines.
job_lines(j) := array.concat(j.commands, j.reached)

# starts holds when a job's environment is deployed to (not stopped,
# prepared, verified or accessed).
starts(env) if object.get(env, "action", "") in {"", "start"}

# deploy_jobs are the CI jobs that deploy: a GitLab job with environment:
# that runs a deploy command or sits in a deploy stage, an Actions job with
# environment:, or a job of another CI system that runs a deploy command. Templates (hidden GitLab jobs) are
# left out: their extenders carry the environment too.
deploy_jobs contains j if {
	some j in input.ci.jobs
	not j.template
	j.environment
	starts(j.environment)
	deploys(j)
}

# Other CI systems (Jenkins, CircleCI, Bitbucket ...) have no environment
# in the facts: a job there deploys when it runs a deploy command.
deploy_jobs contains j if {
	some j in input.ci.jobs
	not j.provider in environment_providers
	some c in job_lines(j)
	commands.matches(clis, c.run)
}

# environment_providers are the CI systems whose jobs declare environments.
environment_providers := actions_providers | {"gitlab"}

deploys(j) if j.provider in actions_providers

deploys(j) if regex.match(`(?i)deploy|release|rollout|promote|production|staging`, object.get(j, "stage", ""))

deploys(j) if {
	some c in job_lines(j)
	commands.matches(clis, c.run)
}

# gitops are the GitOps objects (Argo CD Application/ApplicationSet, Flux
# Kustomization/HelmRelease).
gitops := input.deploy.gitops

# automated holds when the service is deployed without a person running
# commands.
automated if count(deploy_jobs) > 0

automated if count(gitops) > 0

automated if ci.auto_devops

# deployable holds when the repository has something to deploy: an image,
# Kubernetes workloads, charts or kustomizations, GitOps objects, or CI
# jobs with environments.
deployable if count(containers.dockerfiles) > 0

deployable if count(input.containers.builders) > 0

deployable if count(input.kubernetes.workloads) > 0

deployable if count(input.kubernetes.charts) > 0

deployable if count(input.kubernetes.kustomizations) > 0

deployable if count(gitops) > 0

deployable if {
	some j in input.ci.jobs
	j.environment
}

deployable if ci.auto_devops

# review(name) holds when an environment is created per merge or pull
# request: named after the branch or request, or review/ and preview/.
review(name) if regex.match(`(?i)CI_COMMIT_REF|CI_MERGE_REQUEST|CI_COMMIT_BRANCH|CI_BUILD_REF|CI_ENVIRONMENT_SLUG|github\.head_ref|github\.event\.(number|pull_request)|github\.ref_name|pull_request|(^|[/_-])(pr|mr)[-_.$]|^(review|preview)([/_-]|$)`, name)

# production(name, tier) holds when an environment is production.
production(name, tier) if tier == "production"

production(name, tier) if {
	tier == ""
	not review(name)
	regex.match(`(?i)(^|[^a-z])(prod|production|prd|live)([^a-z]|$)`, name)
	not regex.match(`(?i)(pre|non)[-_]?prod`, name)
}

# preproduction(name, tier) holds when an environment comes before
# production: staging, pre-production, UAT, QA, test, development.
preproduction(name, tier) if tier in {"staging", "testing", "development"}

preproduction(name, tier) if {
	tier == ""
	not review(name)
	regex.match(`(?i)(^|[^a-z])(staging|stage|stg|pre-?prod(uction)?|uat|qa|test|testing|dev|development|int|integration|sandbox|acceptance|acc|non-?prod)([^a-z]|$)`, name)
}

# environments is every named environment the service is deployed to:
# from deploying CI jobs ({name, tier, path, line}) and from overlays and
# Helm values files.
environments contains {"name": j.environment.name, "tier": object.get(j.environment, "tier", ""), "path": j.path, "line": j.environment.line} if {
	some j in deploy_jobs
	j.environment
}

environments contains {"name": o.env, "tier": "", "path": o.path, "line": 0} if {
	some o in input.deploy.overlays
}

# long_running are the workload kinds that serve continuously and should
# survive a node drain.
long_running := {"Deployment", "StatefulSet", "Rollout", "DeploymentConfig"}

# elsewhere holds when the platform declares that deployments live in
# separate deploy repositories (deploy_sources in the platform config sets
# deployments_elsewhere) and the service has no workloads of its own and no
# link to them: the deploy and workload checks then do not apply, rather
# than fail for what lives in another repository.
elsewhere if {
	config.get("deployments_elsewhere", false) == true
	count(input.kubernetes.workloads) == 0
	not input.deploy.source
}

elsewhere_msg := "the platform declares that deployments live in separate deploy repositories (deploy_sources), and the service has no workloads of its own and no link to them (a score.dev/deploy-source annotation or a deploy_sources entry)"
