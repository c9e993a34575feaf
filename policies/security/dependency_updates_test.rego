package score.checks.security.dependency_updates_test

import data.score.checks.security.dependency_updates

test_pass_renovate_config if {
	vs := dependency_updates.violation with input.security.configs as [{"tool": "renovate", "path": "renovate.json", "line": 1, "coverage": false}]
		with input.files.paths as ["renovate.json"]
	count(vs) == 0
}

test_pass_dependabot_file if {
	vs := dependency_updates.violation with input.security.configs as [] with input.files.paths as [".github/dependabot.yml", "go.mod"]
	count(vs) == 0
}

test_fail_without_config if {
	vs := dependency_updates.violation with input.security.configs as [{"tool": "prettier", "path": ".prettierrc", "line": 1, "coverage": false}]
		with input.files.paths as ["go.mod", "testdata/renovate.json"]
	vs == {{"msg": "neither Renovate nor Dependabot is configured"}}
}

test_never_skips if {
	not dependency_updates.applicable
}
