# METADATA
# title: Code owners are declared
# description: >-
#   A CODEOWNERS file exists where GitHub and GitLab read it (the root,
#   .github/, .gitlab/ or docs/), so that every change is routed to the
#   people who own the code and reviews can be required from them.
# custom:
#   id: security.codeowners
#   category: security
#   level: silver
#   weight: 2
#   remediation: Add a `CODEOWNERS` file at the root (or in `.github/`, `.gitlab/` or `docs/`) with at least a default rule such as `* @acme/payments-team`.
package score.checks.security.codeowners

import data.score.lib.paths

found if {
	some c in input.ownership.codeowners
	paths.in_owner_dir(c.path)
	paths.base(c.path) == "CODEOWNERS"
}

violation contains {"msg": "no CODEOWNERS file (looked at the root, .github/, .gitlab/ and docs/)"} if {
	not found
	count(input.ownership.codeowners) == 0
}

# A CODEOWNERS file elsewhere is ignored by GitHub and GitLab.
violation contains {"msg": msg, "path": c.path} if {
	not found
	some c in input.ownership.codeowners
	msg := sprintf("%s is not where GitHub or GitLab read CODEOWNERS (the root, .github/, .gitlab/ or docs/)", [c.path])
}

# `score fix` creates a root CODEOWNERS routing everything to the owning
# team (a marked placeholder when no team is known). A CODEOWNERS in the
# wrong place is for a person to move.
fix contains {"create": "CODEOWNERS", "template": "codeowners"} if {
	count(input.ownership.codeowners) == 0
}

# evidence: the CODEOWNERS file that GitHub or GitLab read.
evidence contains {"msg": sprintf("code owners are declared in %s", [c.path]), "path": c.path} if {
	some c in input.ownership.codeowners
	paths.in_owner_dir(c.path)
	paths.base(c.path) == "CODEOWNERS"
}
