package score.checks.test.ci_runs_tests_test

import data.score.checks.test.ci_runs_tests

cmd(run) := {"run": run, "path": ".gitlab-ci.yml", "line": 7}

job(commands, reached) := {
	"provider": "gitlab", "path": ".gitlab-ci.yml", "name": "test", "line": 5,
	"commands": [cmd(r) | some r in commands], "reached": reached,
	"uses": [], "reports": [], "template": false, "extends": [],
}

ci(jobs) := {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": [], "workflows": []}

passes(jobs) if {
	vs := ci_runs_tests.violation with input.ci as ci(jobs)
	count(vs) == 0
}

test_pass_go_test if {
	passes([job(["go test ./..."], [])])
}

test_pass_gradle_check if {
	passes([job(["./gradlew check"], [])])
}

test_pass_through_makefile_target if {
	passes([job(["make ci"], [{"run": "go test -race ./...", "path": "Makefile", "line": 12}])])
}

test_pass_through_npm_script if {
	passes([job(["npm ci", "npm run verify"], [{"run": "vitest run", "path": "package.json", "line": 8}])])
}

test_pass_azure_maven_task if {
	j := object.union(job([], []), {"provider": "azure", "uses": [{"ref": "Maven@4", "path": "azure-pipelines.yml", "line": 9, "with": {"goals": "verify"}}]})
	passes([j])
}

test_fail_maven_skip_tests if {
	vs := ci_runs_tests.violation with input.ci as ci([job(["mvn -B package -DskipTests", "docker build ."], [])])
	vs == {{"msg": "no CI job runs the tests (directly or through a Makefile target, package.json script or repository script)", "path": ".gitlab-ci.yml"}}
}

test_fail_azure_maven_task_skipping_tests if {
	j := object.union(job([], []), {"provider": "azure", "uses": [{"ref": "Maven@4", "path": "azure-pipelines.yml", "line": 9, "with": {"goals": "package", "options": "-DskipTests"}}]})
	count(ci_runs_tests.violation) == 1 with input.ci as ci([j])
}

test_fail_build_only if {
	count(ci_runs_tests.violation) == 1 with input.ci as ci([job(["go build ./...", "./gradlew assemble"], [])])
}

test_fail_without_ci if {
	vs := ci_runs_tests.violation with input.ci as {"configs": [], "jobs": [], "gitlab_includes": [], "workflows": []}
	vs == {{"msg": "no CI pipeline, so nothing runs the tests"}}
}

test_never_skips if {
	not ci_runs_tests.applicable
}

test_evidence_names_the_command_and_line if {
	ev := ci_runs_tests.evidence with input.ci as ci([job(["make ci"], [{"run": "go test -race ./...", "path": "Makefile", "line": 12}])])
	ev == {{"msg": "CI runs the tests: go test -race ./...", "path": "Makefile", "line": 12}}
}
