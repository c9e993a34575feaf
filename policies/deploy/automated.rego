# METADATA
# title: Deployment is automated
# description: >-
#   The service reaches its environments without a person running
#   commands: a GitLab CI job with `environment:` that deploys (kubectl,
#   helm, kustomize, argocd, flux, terraform or a cloud CLI, or a deploy
#   stage), GitLab Auto DevOps, an Actions job with `environment:`, a job
#   of another CI system (Jenkins, CircleCI ...) that runs one of those
#   deploy commands, or GitOps manifests (Argo CD `Application`, Flux `Kustomization` or
#   `HelmRelease`). Bronze with weight 3: a hand-run deploy is the first
#   thing a golden path replaces, and every other deploy check builds on
#   it. Skipped when the repository has nothing deployable (no image,
#   workloads, charts, kustomizations, GitOps objects or CI environments).
# custom:
#   id: deploy.automated
#   category: deploy
#   level: bronze
#   weight: 3
#   remediation: Add a CI job with `environment:` that deploys the service (for example `helm upgrade --install` in a `deploy` stage), or an Argo CD `Application` or Flux `Kustomization` that reconciles its manifests.
package score.checks.deploy.automated

import data.score.lib.deploy

applicable if {
	deploy.deployable
	not deploy.elsewhere
}

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

violation contains {"msg": "nothing deploys the service automatically: no CI job with `environment:` runs a deploy (kubectl, helm, argocd, flux, terraform, a cloud CLI or a deploy stage), no Auto DevOps, and no Argo CD Application or Flux Kustomization/HelmRelease"} if {
	deploy.deployable
	not deploy.automated
}
