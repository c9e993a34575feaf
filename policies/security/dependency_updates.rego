# METADATA
# title: Dependency updates are automated
# description: >-
#   Renovate or Dependabot is configured, so that dependency and base-image
#   updates, security fixes included, arrive as reviewable merge requests
#   instead of waiting for someone to remember.
# custom:
#   id: security.dependency-updates
#   category: security
#   level: bronze
#   weight: 3
#   remediation: Add a `renovate.json` (for example `{"extends":["config:recommended"]}`) or a `.github/dependabot.yml` covering every package ecosystem of the repository.
package score.checks.security.dependency_updates

import data.score.lib.fixes
import data.score.lib.paths

configured if {
	some c in input.security.configs
	lower(c.tool) in {"renovate", "dependabot"}
}

# The usual file names, in case a configuration was listed but not parsed.
config_files := `^(renovate\.json5?|\.renovaterc(\.json5?)?|\.github/renovate\.json5?|\.gitlab/renovate\.json5?|\.github/dependabot\.ya?ml)$`

configured if {
	some p in input.files.paths
	regex.match(config_files, p)
}

violation contains {"msg": "neither Renovate nor Dependabot is configured"} if {
	not configured
}

# `score fix` adds Dependabot on GitHub-hosted repositories, listing the
# ecosystems actually present, and Renovate (which finds them itself)
# elsewhere.
fix contains {"create": ".github/dependabot.yml", "template": "dependabot", "value": {"updates": fixes.dependabot_updates}} if {
	fixes.github_hosted
	count(fixes.dependabot_updates) > 0
}

fix contains {"create": "renovate.json", "template": "renovate", "note": "Renovate opens merge requests only where your organisation runs the Renovate bot"} if {
	not fixes.github_hosted
}
