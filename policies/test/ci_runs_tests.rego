# METADATA
# title: CI runs the tests
# description: >-
#   A CI job or step runs tests, directly or through a Makefile target,
#   package.json script or repository script that does (go test, mvn
#   test/verify/package/install without skipping tests, Gradle
#   test/check/build, npm/yarn/pnpm test, jest, vitest, pytest, tox, nox,
#   unittest, dotnet test, cargo test or cargo nextest, rspec, rails test or
#   bin/rails test, rake test, phpunit, pest, php artisan test, mix test,
#   sbt test (sbtn, +test, testOnly), make test, ...), so that a change
#   that breaks a test is noticed before it is merged. A $VARIABLE in a command is followed to its
#   value when the same file sets it (GitLab variables and parallel:matrix,
#   Actions env: fed by the matrix, an earlier `NAME=value` line of the same
#   script).
# custom:
#   id: test.ci-runs-tests
#   category: test
#   level: bronze
#   weight: 3
#   remediation: Add a CI job that runs the test suite on every push, for example a `test` job with `script` running `go test ./...`, `./mvnw verify`, `npm test` or `pytest`.
package score.checks.test.ci_runs_tests

import data.score.lib.ci
import data.score.lib.commands

# A shared pipeline the platform config says does it.
runs_tests if ci.provided("test.ci-runs-tests")

runs_tests if ci.runs(commands.runners)

runs_tests if {
	some cmd in ci.candidates(commands.build_tools)
	commands.maven_runs_tests(cmd.run)
}

runs_tests if {
	some cmd in ci.candidates(commands.build_tools)
	commands.gradle_runs_tests(cmd.run)
}

# Azure Pipelines tasks that run tests: VSTest, DotNetCoreCLI with command
# test, and Maven or Gradle with goals or tasks that include the tests
# (their defaults, package and build, do).
runs_tests if {
	some u in ci.uses
	ci.step_name(u.ref) == "vstest"
}

runs_tests if {
	some u in ci.uses
	ci.step_name(u.ref) == "dotnetcorecli"
	lower(object.get(u.with, "command", "")) == "test"
}

runs_tests if {
	some u in ci.uses
	ci.step_name(u.ref) == "maven"
	commands.runs_tests(sprintf("mvn %s %s", [object.get(u.with, "goals", "package"), object.get(u.with, "options", "")]))
}

runs_tests if {
	some u in ci.uses
	ci.step_name(u.ref) == "gradle"
	commands.runs_tests(sprintf("gradle %s %s", [object.get(u.with, "tasks", "build"), object.get(u.with, "options", "")]))
}

violation contains ci.finding(msg) if {
	not runs_tests
	count(input.ci.configs) > 0
	msg := "no CI job runs the tests (directly or through a Makefile target, package.json script or repository script)"
}

violation contains {"msg": "no CI pipeline, so nothing runs the tests"} if {
	count(input.ci.configs) == 0
}

# evidence: the CI commands that run the tests, with where they are
# written.
evidence contains {"msg": sprintf("CI runs the tests: %s", [cmd.run]), "path": cmd.path, "line": cmd.line} if {
	some cmd in ci.running(commands.runners)
}

evidence contains {"msg": "a shared pipeline the platform config names runs the tests"} if {
	ci.provided("test.ci-runs-tests")
}
