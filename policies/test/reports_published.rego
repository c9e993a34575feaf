# METADATA
# title: CI publishes test results
# description: >-
#   CI publishes machine-readable test results - a GitLab
#   artifacts reports junit file, a JUnit or test-reporter action, an Azure
#   PublishTestResults task, a Jenkins junit step or CircleCI
#   store_test_results - so that failures show up in the merge request
#   rather than in a job log. Skipped without CI.
# custom:
#   id: test.reports-published
#   category: test
#   level: gold
#   weight: 1
#   remediation: Write JUnit XML from the test run (for example `gotestsum --junitfile report.xml` or `pytest --junitxml=report.xml`) and publish it with `artifacts:reports:junit` in GitLab or a test-reporter action in Actions.
package score.checks.test.reports_published

import data.score.lib.ci
import data.score.lib.fixes

applicable if count(input.ci.configs) > 0

# A shared pipeline the platform config says does it.
published if ci.provided("test.reports-published")

published if ci.report("junit")

# Actions, orbs and tasks that publish test results.
published if ci.uses_step(`^(dorny/test-reporter|mikepenz/action-junit-report|enricomi/publish-unit-test-result-action(/.*)?|phoenix-actions/test-reporting|test-summary/action|ctrf-io/github-test-reporter|pmeier/pytest-results-action|codecov/test-results-action|publishtestresults)$`)

# Uploading the JUnit XML as an artifact also publishes it.
published if {
	some u in ci.uses
	regex.match(`^actions/upload-artifact(/.*)?$`, ci.step_name(u.ref))
	regex.match(`(?i)(junit|test-results?|test-reports?|surefire-reports|failsafe-reports|TEST-[^/]*\.xml|\.trx)`, object.get(u.with, "path", ""))
}

# Jenkins junit step and CircleCI store_test_results, when recorded as
# commands.
published if ci.runs({
	"junit": `junit([\s(].*)?`,
	"xunit": `xunit([\s(\[].*)?`,
	"store_test_results": `store_test_results.*`,
})

violation contains ci.finding("CI publishes no machine-readable test results (JUnit report or test-reporter step)") if {
	not published
}

# Test commands `score fix` knows how to publish, where their JUnit report
# lands, and how to make the command write one when it does not already.
junit_runners := [
	{"pattern": `^(\./)?mvnw?(\s.*)?\s(test|verify|package|install)(\s|$)`, "report": "**/target/surefire-reports/TEST-*.xml"},
	{"pattern": `^(\./)?gradlew?(\s.*)?\s(test|check|build)(\s|$)`, "report": "**/build/test-results/test/**/TEST-*.xml"},
	{"pattern": `^(python3?\s+-m\s+)?pytest(\s|$)`, "report": "report.xml", "replace": "pytest", "with": "pytest --junitxml=report.xml"},
	{"pattern": `^go\s+test(\s|$)`, "report": "report.xml", "replace": "go test", "with": "go run gotest.tools/gotestsum@v1.13.0 --junitfile report.xml --"},
]

# `score fix` publishes the report of each GitLab job whose test command it
# knows; other CI systems are left to a person.
fix contains {"edit": "gitlab-ci.junit", "path": job.path, "value": value} if {
	fixes.gitlab_ci
	some job in input.ci.jobs
	job.provider == "gitlab"
	not job.template
	some cmd in job.commands
	cmd.path == job.path
	some r in junit_runners
	regex.match(r.pattern, cmd.run)
	value := object.union({"job": job.name, "report": r.report, "command": cmd.run, "line": cmd.line}, object.filter(r, {"replace", "with"}))
}

# On Actions the report is uploaded as an artifact named after it.
actions_junit_runners := [
	{"pattern": `^(\./)?mvnw?(\s.*)?\s(test|verify|package|install)(\s|$)`, "report": "**/target/surefire-reports/TEST-*.xml"},
	{"pattern": `^(\./)?gradlew?(\s.*)?\s(test|check|build)(\s|$)`, "report": "**/build/test-results/test/**/TEST-*.xml"},
	{"pattern": `^(python3?\s+-m\s+)?pytest(\s|$)`, "report": "junit.xml", "replace": "pytest", "with": "pytest --junitxml=junit.xml"},
	{"pattern": `^go\s+test(\s|$)`, "report": "junit.xml", "replace": "go test", "with": "go run gotest.tools/gotestsum@v1.13.0 --junitfile junit.xml --"},
]

fix contains {"edit": "actions.junit", "path": job.path, "value": value} if {
	fixes.actions
	some job in input.ci.jobs
	job.provider == "github"
	some cmd in job.commands
	cmd.path == job.path
	some r in actions_junit_runners
	regex.match(r.pattern, cmd.run)
	value := object.union(
		{"job": job.name, "report": r.report, "command": cmd.run, "line": cmd.line, "uses": "actions/upload-artifact@v4"},
		object.filter(r, {"replace", "with"}),
	)
}
