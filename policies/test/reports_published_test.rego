package score.checks.test.reports_published_test

import data.score.checks.test.reports_published

job(provider, path, extra) := object.union(
	{
		"provider": provider, "path": path, "name": "test", "line": 5,
		"commands": [], "reached": [], "uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

ci(provider, path, jobs) := {"configs": [{"provider": provider, "path": path}], "jobs": jobs, "gitlab_includes": [], "workflows": []}

uses(ref, inputs) := {"ref": ref, "path": ".github/workflows/ci.yml", "line": 20, "with": inputs}

test_pass_gitlab_junit_report if {
	c := ci("gitlab", ".gitlab-ci.yml", [job("gitlab", ".gitlab-ci.yml", {"reports": ["junit"]})])
	reports_published.applicable with input.ci as c
	count(reports_published.violation) == 0 with input.ci as c
}

test_pass_junit_reporter_action if {
	c := ci("github", ".github/workflows/ci.yml", [job("github", ".github/workflows/ci.yml", {"uses": [uses("mikepenz/action-junit-report@v4", {})]})])
	count(reports_published.violation) == 0 with input.ci as c
}

test_pass_upload_junit_artifact if {
	c := ci("github", ".github/workflows/ci.yml", [job("github", ".github/workflows/ci.yml", {"uses": [uses("actions/upload-artifact@v4", {"name": "tests", "path": "build/test-results/**/*.xml"})]})])
	count(reports_published.violation) == 0 with input.ci as c
}

test_pass_jenkins_junit_step if {
	c := ci("jenkins", "Jenkinsfile", [job("jenkins", "Jenkinsfile", {"commands": [{"run": "junit 'target/surefire-reports/*.xml'", "path": "Jenkinsfile", "line": 14}]})])
	count(reports_published.violation) == 0 with input.ci as c
}

test_fail_tests_without_report if {
	c := ci("gitlab", ".gitlab-ci.yml", [job("gitlab", ".gitlab-ci.yml", {"commands": [{"run": "go test ./...", "path": ".gitlab-ci.yml", "line": 7}], "reports": ["coverage_report"]})])
	vs := reports_published.violation with input.ci as c
	vs == {{"msg": "CI publishes no machine-readable test results (JUnit report or test-reporter step)", "path": ".gitlab-ci.yml"}}
}

test_fail_upload_of_other_artifacts if {
	c := ci("github", ".github/workflows/ci.yml", [job("github", ".github/workflows/ci.yml", {"uses": [uses("actions/upload-artifact@v4", {"path": "dist/"})]})])
	count(reports_published.violation) == 1 with input.ci as c
}

test_skip_without_ci if {
	not reports_published.applicable with input.ci as {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []}
}

test_fix_junit_for_known_test_commands if {
	cmd := {"run": "pytest -q", "path": ".gitlab-ci.yml", "line": 7}
	fixes := reports_published.fix with input.ci as ci("gitlab", ".gitlab-ci.yml", [job("gitlab", ".gitlab-ci.yml", {"commands": [cmd]})])
	fixes == {{"edit": "gitlab-ci.junit", "path": ".gitlab-ci.yml", "value": {
		"job": "test", "report": "report.xml", "command": "pytest -q", "line": 7,
		"replace": "pytest", "with": "pytest --junitxml=report.xml",
	}}}
}

test_no_fix_for_unknown_commands if {
	cmd := {"run": "make test", "path": ".gitlab-ci.yml", "line": 7}
	count(reports_published.fix) == 0 with input.ci as ci("gitlab", ".gitlab-ci.yml", [job("gitlab", ".gitlab-ci.yml", {"commands": [cmd]})])
}

test_fix_actions_upload_for_known_test_commands if {
	cmd := {"run": "go test ./...", "path": ".github/workflows/ci.yml", "line": 20}
	fixes := reports_published.fix with input.ci as {
		"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}],
		"jobs": [job("github", ".github/workflows/ci.yml", {"commands": [cmd]})],
		"gitlab_includes": [],
		"workflows": [{"provider": "github", "path": ".github/workflows/ci.yml", "jobs": []}],
	}
	[f] := [f | some f in fixes]
	f.edit == "actions.junit"
	f.value.report == "junit.xml"
	f.value.with == "go run gotest.tools/gotestsum@v1.13.0 --junitfile junit.xml --"
}
