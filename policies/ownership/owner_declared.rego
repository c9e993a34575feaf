# METADATA
# title: An owning team is declared
# description: >-
#   The repository names the team that owns it - `team` in .score.yaml, an
#   owner in a service-catalog descriptor (Backstage spec.owner, OpsLevel,
#   Cortex, Port, Datadog), or a default `*` rule in CODEOWNERS - so that
#   incidents, vulnerabilities and scorecards reach someone.
# custom:
#   id: ownership.owner-declared
#   category: ownership
#   level: bronze
#   weight: 3
#   remediation: Add `team` with your team's name to `.score.yaml`, set `spec.owner` in `catalog-info.yaml`, or add a default rule such as `* @acme/payments` to CODEOWNERS.
package score.checks.ownership.owner_declared

declared if trim_space(input.ownership.score_yaml.team) != ""

declared if {
	some entry in input.ownership.catalog
	trim_space(object.get(entry, "owner", "")) != ""
}

declared if {
	some c in input.ownership.codeowners
	some owner in c.default_owners
	trim_space(owner) != ""
}

violation contains {"msg": "no owning team is declared (.score.yaml team, a catalog descriptor's owner, or a default CODEOWNERS rule)"} if {
	not declared
}

# `score fix` declares the owner in a root CODEOWNERS default rule (the
# team it resolved, or a marked placeholder).
fix contains {"create": "CODEOWNERS", "template": "codeowners"} if {
	count(input.ownership.codeowners) == 0
}
