# METADATA
# title: A security policy is published
# description: >-
#   A SECURITY.md exists at the root, in .github/, .gitlab/ or docs/, telling
#   people who find a vulnerability how to report it privately and what
#   versions are supported.
# custom:
#   id: security.security-policy
#   category: security
#   level: gold
#   weight: 1
#   remediation: Add a `SECURITY.md` at the root (or in `.github/`, `.gitlab/` or `docs/`) that says how to report a vulnerability privately and which versions receive fixes.
package score.checks.security.security_policy

import data.score.lib.paths

found if {
	some p in input.security.policies
	paths.in_owner_dir(p)
	regex.match(`(?i)^security(\.(md|markdown|rst|adoc|txt))?$`, paths.base(p))
}

violation contains {"msg": "no SECURITY.md (looked at the root, .github/, .gitlab/ and docs/)"} if {
	not found
}

# `score fix` creates a SECURITY.md from the security-policy template.
fix contains {"create": "SECURITY.md", "template": "security-policy"}
