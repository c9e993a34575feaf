package score.checks.test.coverage_test

import data.score.checks.test.coverage

job(commands, extra) := object.union(
	{
		"provider": "gitlab", "path": ".gitlab-ci.yml", "name": "test", "line": 5,
		"commands": [{"run": r, "path": ".gitlab-ci.yml", "line": 7} | some r in commands], "reached": [],
		"uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

facts(jobs) := {
	"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": [], "workflows": []},
	"tests": {"files": [], "count": 0, "languages": [], "configs": []},
	"dependencies": {"manifests": []},
}

passes(f) if {
	vs := coverage.violation with input as f
	count(vs) == 0
}

test_pass_go_coverprofile if {
	passes(facts([job(["go test -coverprofile=coverage.out ./..."], {})]))
}

test_pass_gitlab_coverage_regex if {
	passes(facts([job(["go test ./..."], {"coverage": "/total:\\s+\\(statements\\)\\s+(\\d+.\\d+)%/"})]))
}

test_pass_gitlab_coverage_report if {
	passes(facts([job(["pytest"], {"reports": ["junit", "coverage_report"]})]))
}

test_pass_codecov_action if {
	j := job([], {"provider": "github", "uses": [{"ref": "codecov/codecov-action@v4", "path": ".github/workflows/ci.yml", "line": 30, "with": {}}]})
	passes(facts([j]))
}

test_pass_jest_config_with_coverage if {
	f := object.union(facts([]), {"tests": {"files": [], "count": 0, "languages": [], "configs": [{"tool": "jest", "path": "jest.config.js", "line": 1, "coverage": true}]}})
	passes(f)
}

test_pass_jacoco_plugin if {
	m := {"path": "pom.xml", "ecosystem": "maven", "kind": "pom.xml", "lockfiles": [], "pinned": false, "dependencies": [], "plugins": [{"name": "org.jacoco:jacoco-maven-plugin", "scope": "build", "direct": true, "line": 80}], "workspaces": []}
	passes(object.union(facts([]), {"dependencies": {"manifests": [m]}}))
}

test_pass_pytest_cov_dev_dependency if {
	m := {"path": "pyproject.toml", "ecosystem": "pypi", "kind": "pyproject.toml", "lockfiles": ["uv.lock"], "pinned": false, "dependencies": [{"name": "pytest_cov", "scope": "dev", "direct": true, "line": 20}], "plugins": [], "workspaces": []}
	passes(object.union(facts([]), {"dependencies": {"manifests": [m]}}))
}

test_fail_tests_without_coverage if {
	vs := coverage.violation with input as facts([job(["go test ./...", "npm test"], {})])
	vs == {{"msg": "test coverage is not measured: no coverage flag, coverage tool, coverage report or coverage service was found", "path": ".gitlab-ci.yml"}}
}

test_fail_without_ci_has_no_path if {
	f := object.union(facts([]), {"ci": {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []}})
	vs := coverage.violation with input as f
	count(vs) == 1
	some v in vs
	object.keys(v) == {"msg"}
}

test_never_skips if {
	not coverage.applicable
}
