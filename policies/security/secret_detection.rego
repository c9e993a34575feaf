# METADATA
# title: Secret detection runs
# description: >-
#   Secret detection runs in CI or as a pre-commit hook - GitLab Secret
#   Detection, gitleaks, TruffleHog, detect-secrets, ggshield, git-secrets,
#   Talisman - so that a credential is caught before it spreads through
#   clones and forks.
# custom:
#   id: security.secret-detection
#   category: security
#   level: silver
#   weight: 2
#   remediation: Include GitLab's `Jobs/Secret-Detection.gitlab-ci.yml` template (or the `secret-detection` component), or run gitleaks in CI and as a pre-commit hook.
package score.checks.security.secret_detection

import data.score.lib.ci
import data.score.lib.fixes

# A shared pipeline the platform config says does it.
runs if ci.provided("security.secret-detection")

runs if ci.template("Secret-Detection")

runs if ci.component("secret-detection")

runs if ci.auto_devops

runs if ci.report("secret_detection")

runs if ci.uses_step(`^(gitleaks/gitleaks-action|zricethezav/gitleaks-action|trufflesecurity/trufflehog|gitguardian/ggshield-action|gitguardian/ggshield/actions/.+|reviewdog/action-detect-secrets)$`)

# Secret scanners run as commands, by command word.
tools := {
	"gitleaks": `gitleaks`,
	"betterleaks": `betterleaks`,
	"trufflehog": `trufflehog3?`,
	"detect-secrets": `detect-secrets`,
	"detect-secrets-hook": `detect-secrets-hook`,
	"ggshield": `ggshield`,
	"git": `git\s+secrets\s+--scan.*`,
	"git-secrets": `git-secrets`,
	"talisman": `talisman`,
	"kingfisher": `kingfisher\s+scan`,
}

runs if ci.runs(tools)

hook_pattern := `(?i)(gitleaks|trufflehog|detect-secrets|ggshield|git-secrets|talisman|detect-private-key|detect-aws-credentials|ripsecrets|secretlint)`

# pre-commit, lefthook and husky hooks (by id, repository or command).
runs if {
	some hook in input.security.pre_commit
	some s in [hook.id, hook.repo]
	regex.match(hook_pattern, s)
}

violation contains ci.finding("no secret detection runs in CI or as a pre-commit hook (GitLab Secret Detection, gitleaks, TruffleHog, detect-secrets, ggshield)") if {
	not runs
}

# `score fix` includes GitLab's template in .gitlab-ci.yml, or adds a
# workflow running the matching tool on GitHub Actions.
fix contains {"edit": "gitlab-ci.include", "path": fixes.gitlab_ci_path, "value": {"template": "Jobs/Secret-Detection.gitlab-ci.yml"}} if {
	fixes.gitlab_ci
}

fix contains {"create": ".github/workflows/gitleaks.yml", "template": "actions-gitleaks", "note": "gitleaks-action needs a free GITLEAKS_LICENSE secret in repositories owned by an organisation"} if {
	fixes.actions
}
