# METADATA
# title: Rollouts stop and roll back on their own
# description: >-
#   A bad release is stopped and rolled back without a person noticing
#   first: an Argo Rollout with a canary or blue-green strategy, a Flagger
#   Canary, or a CI deploy that rolls back on failure (`helm upgrade
#   --atomic` or `--rollback-on-failure`, `helm rollback`, `kubectl rollout
#   undo`, `kubectl argo rollouts abort`, `argocd app rollback`, `kamal
#   rollback`, Cloud Run traffic splitting, CodeDeploy auto-rollback). Gold
#   with weight 1: it needs automated deploys and health signals to be
#   worth anything. Skipped when the repository has nothing deployable.
# custom:
#   id: deploy.progressive-delivery
#   category: deploy
#   level: gold
#   weight: 1
#   remediation: Deploy with `helm upgrade --install --atomic` (which rolls back a failed release), or replace the Deployment with an Argo Rollout using a canary strategy, or add a Flagger Canary for it.
package score.checks.deploy.progressive_delivery

import data.score.lib.ci
import data.score.lib.deploy

applicable if {
	deploy.deployable
	not deploy.elsewhere
}

evidence contains {"msg": deploy.elsewhere_msg} if deploy.elsewhere

ok if {
	some w in input.kubernetes.workloads
	w.kind == "Rollout"
	object.get(w, "strategy", "") in {"canary", "blueGreen"}
}

ok if {
	some r in input.kubernetes.resources
	r.kind == "Canary"
	startswith(r.api_version, "flagger.app/")
}

ok if ci.runs(deploy.rollback)

violation contains {"msg": "a failed rollout is not stopped and rolled back automatically: no Argo Rollout with a canary or blue-green strategy, no Flagger Canary, and no deploy step that rolls back (helm --atomic, helm rollback, kubectl rollout undo ...)"} if {
	deploy.deployable
	not ok
}
