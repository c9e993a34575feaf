package score.checks.ownership.owner_declared_test

import data.score.checks.ownership.owner_declared

ownership(score_yaml, catalog, codeowners) := object.union({"catalog": catalog, "codeowners": codeowners}, score_yaml)

passes(o) if {
	vs := owner_declared.violation with input.ownership as o
	count(vs) == 0
}

test_pass_score_yaml_team if {
	passes(ownership({"score_yaml": {"path": ".score.yaml", "team": "payments", "team_line": 1, "exemptions": []}}, [], []))
}

test_pass_catalog_owner if {
	passes(ownership({}, [{"format": "backstage", "path": "catalog-info.yaml", "line": 1, "kind": "Component", "name": "api", "owner": "group:payments"}], []))
}

test_pass_codeowners_default_rule if {
	passes(ownership({}, [], [{"path": ".github/CODEOWNERS", "default_owners": ["@acme/payments"], "default_line": 3, "rules": 2}]))
}

test_fail_nothing_declared if {
	o := ownership(
		{"score_yaml": {"path": ".score.yaml", "exemptions": []}},
		[{"format": "backstage", "path": "catalog-info.yaml", "line": 1, "kind": "Component", "name": "api"}],
		[{"path": "CODEOWNERS", "default_owners": [], "rules": 4}],
	)
	vs := owner_declared.violation with input.ownership as o
	vs == {{"msg": "no owning team is declared (.score.yaml team, a catalog descriptor's owner, or a default CODEOWNERS rule)"}}
}

test_never_skips if {
	not owner_declared.applicable
}

test_fix_declares_owner_in_codeowners if {
	owner_declared.fix == {{"create": "CODEOWNERS", "template": "codeowners"}} with input.ownership as ownership({}, [], [])
}
