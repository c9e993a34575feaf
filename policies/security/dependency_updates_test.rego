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

test_fix_dependabot_on_github if {
	fixes := dependency_updates.fix with input as {
		"repo": {"url": "https://github.com/acme/api"},
		"files": {"paths": ["go.mod"]},
		"ci": {"configs": [], "workflows": []},
		"containers": {"dockerfiles": []},
		"dependencies": {"manifests": [{"path": "go.mod", "ecosystem": "go"}]},
		"security": {"configs": []},
	}
	fixes == {{"create": ".github/dependabot.yml", "template": "dependabot", "value": {"updates": [{"ecosystem": "gomod", "directories": ["/"]}]}}}
}

test_fix_renovate_elsewhere if {
	fixes := dependency_updates.fix with input as {
		"repo": {"url": "https://gitlab.example.com/acme/api"},
		"files": {"paths": [".gitlab-ci.yml", "go.mod"]},
		"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "workflows": []},
		"containers": {"dockerfiles": []},
		"dependencies": {"manifests": [{"path": "go.mod", "ecosystem": "go"}]},
		"security": {"configs": []},
	}
	[f] := [f | some f in fixes]
	f.create == "renovate.json"
}
