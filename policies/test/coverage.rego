# METADATA
# title: Test coverage is measured
# description: >-
#   Coverage is measured - go test -cover/-coverprofile, JaCoCo or Kover,
#   jest/vitest --coverage, c8 or nyc, pytest-cov or coverage.py, coverlet,
#   cargo llvm-cov or tarpaulin, SimpleCov, ExCoveralls, a GitLab coverage
#   regex or coverage report, a coverage tool configuration, or an upload to
#   Codecov or Coveralls - so that reviewers see which code the tests leave
#   untouched. A dedicated coverage tool among the dependencies or build
#   plugins counts too: it has no other use.
# custom:
#   id: test.coverage
#   category: test
#   level: silver
#   weight: 2
#   remediation: Measure coverage where the tests run, for example `go test -coverprofile=coverage.out ./...`, the JaCoCo plugin, `jest --coverage` or `pytest --cov`, and publish it (GitLab `coverage_report` artifact or `coverage` regex).
package score.checks.test.coverage

import data.score.lib.ci
import data.score.lib.commands
import data.score.lib.deps

# A shared pipeline the platform config says does it.
measured if ci.provided("test.coverage")

measured if ci.runs(commands.coverage_tools)

# A test run with a coverage flag (-cover, --coverage, --cov, ...).
measured if {
	some cmd in ci.candidates(commands.coverage_words)
	regex.match(commands.coverage_flag, cmd.run)
	commands.runs_tests(cmd.run)
}

# JaCoCo and Kover goals and tasks.
measured if {
	some cmd in ci.candidates(commands.jacoco_words)
	commands.measures_coverage(cmd.run)
}

measured if {
	some job in input.ci.jobs
	object.get(job, "coverage", "") != ""
}

measured if ci.report("coverage_report")

measured if ci.report("cobertura")

measured if ci.uses_step(`(^|/)(codecov|coveralls|coverallsapp)(/|-|$)|jacoco|coverage|publishcodecoverageresults`)

measured if {
	some c in input.tests.configs
	c.coverage
}

measured if {
	some c in input.tests.configs
	regex.match(`(?i)^(codecov|coveralls|coverage(\.py|py)?|nyc|c8|istanbul|jacoco|kover)$`, c.tool)
}

# Coverage tools among dependencies and build plugins, per family.
coverage_tools := {
	"go": [],
	"jvm": [`(^|[.:])jacoco`, `kover`, `scoverage`, `cobertura`, `clover`],
	"npm": [`^(nyc|c8|istanbul|karma-coverage|@vitest/coverage-.+|@jest/reporters|jest-coverage-.+|codecov|coveralls)$`],
	"pypi": [`^(pytest-cov|coverage|codecov|coveralls)$`],
	"nuget": [`^coverlet(\..+)?$`, `^altcover`, `^jetbrains\.dotcover`],
	"rubygems": [`^simplecov`],
	"composer": [`^php-coveralls/php-coveralls$`],
	"hex": [`^excoveralls$`],
}

measured if count(deps.any_matching(coverage_tools, "coverage_tools")) > 0

violation contains ci.finding("test coverage is not measured: no coverage flag, coverage tool, coverage report or coverage service was found") if {
	not measured
}
