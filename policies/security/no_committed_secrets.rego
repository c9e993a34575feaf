# METADATA
# title: No secrets are committed
# description: >-
#   No private keys or cloud, CI or SaaS credentials (AWS, GCP service
#   accounts, Azure storage keys, GitHub, GitLab, Slack, Stripe tokens) are
#   committed outside test fixtures, test sources and test-environment
#   configuration (.env.test, application-test.yml, ...); a truncated or
#   dummy key is no key anywhere. A committed secret stays in the history
#   for anyone with read access, even after the file is deleted.
# custom:
#   id: security.no-committed-secrets
#   category: security
#   level: bronze
#   weight: 5
#   remediation: Revoke and rotate each reported credential first, then remove it from the repository (and its history) and load it at run time from a secret store or CI variable.
package score.checks.security.no_committed_secrets

kinds := {
	"private-key": "a private key",
	"aws-access-key": "an AWS access key",
	"gcp-service-account": "a GCP service-account key",
	"azure-storage-key": "an Azure storage key",
	"github-token": "a GitHub token",
	"gitlab-token": "a GitLab token",
	"slack-token": "a Slack token",
	"stripe-key": "a Stripe key",
}

violation contains {"msg": msg, "path": s.path, "line": s.line} if {
	some s in input.security.secrets
	not s.fixture
	msg := sprintf("%s is committed here", [object.get(kinds, s.kind, sprintf("a credential (%s)", [s.kind]))])
}
