package score.lib.ci_test

import data.score.lib.ci

job(provider, path, extra) := object.union(
	{
		"provider": provider, "path": path, "name": "build", "line": 3,
		"commands": [], "reached": [], "uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

facts := {
	"configs": [
		{"provider": "github", "path": ".github/workflows/ci.yml"},
		{"provider": "gitlab", "path": ".gitlab-ci.yml"},
		{"provider": "gitlab", "path": "ci/templates/go.yml"},
	],
	"jobs": [
		job("gitlab", ".gitlab-ci.yml", {
			"commands": [{"run": "make test", "path": ".gitlab-ci.yml", "line": 7}],
			"reached": [{"run": "go test ./...", "path": "Makefile", "line": 12}],
			"reports": ["junit"],
		}),
		job("github", ".github/workflows/ci.yml", {"uses": [
			{"ref": "actions/checkout@v4", "path": ".github/workflows/ci.yml", "line": 9, "with": {}},
			{"ref": "https://code.forgejo.org/actions/setup-go@v5", "path": ".github/workflows/ci.yml", "line": 10, "with": {}},
		]}),
	],
	"gitlab_includes": [
		{"kind": "template", "location": "Jobs/SAST.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 1},
		{"kind": "template", "location": "Security/Secret-Detection.latest.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2},
		{"kind": "component", "location": "$CI_SERVER_FQDN/components/dependency-scanning/dependency-scanning", "version": "0.4.0", "path": ".gitlab-ci.yml", "line": 3},
	],
	"workflows": [],
}

test_commands_include_reached if {
	runs := {c.run | some c in ci.commands} with input.ci as facts
	runs == {"make test", "go test ./..."}
	ci.runs({"go": `go\s+test`}) with input.ci as facts
	not ci.runs({"go": `go\s+vet`}) with input.ci as facts
	{c.run | some c in ci.candidates({"make", "gradle"})} == {"make test"} with input.ci as facts
}

# With the collectors' command index, the table or the index is walked,
# whichever is smaller: both give the same commands.
test_runs_and_running_walk_the_smaller_side if {
	cmd_test := {"run": "go test ./...", "path": "Makefile", "line": 2}
	cmd_lint := {"run": "golangci-lint run", "path": "Makefile", "line": 4}
	indexed_ci := {"jobs": [], "command_words": {"go": [cmd_test], "test": [cmd_test], "golangci-lint": [cmd_lint], "run": [cmd_lint]}}
	small := {"go": `go\s+test`}
	large := {"go": `go\s+test`, "a": "a", "b": "b", "c": "c", "d": "d", "golangci-lint": `golangci-lint\s+run`}
	ci.by_table(small) with input.ci as indexed_ci
	not ci.by_table(large) with input.ci as indexed_ci
	ci.runs(small) with input.ci as indexed_ci
	ci.runs(large) with input.ci as indexed_ci
	not ci.runs({"go": `go\s+vet`}) with input.ci as indexed_ci
	not ci.runs({"go": `go\s+vet`, "a": "a", "b": "b", "c": "c", "d": "d", "e": "e"}) with input.ci as indexed_ci
	ci.running(small) == {cmd_test} with input.ci as indexed_ci
	ci.running(large) == {cmd_test, cmd_lint} with input.ci as indexed_ci
}

test_step_name if {
	ci.step_name("actions/checkout@v4") == "actions/checkout"
	ci.step_name("github/codeql-action/init@abc") == "github/codeql-action/init"
	ci.step_name("https://code.forgejo.org/actions/setup-go@v5") == "actions/setup-go"
	ci.step_name("Maven@4") == "maven"
	ci.step_name("docker://alpine:3.20") == "docker://alpine:3.20"
}

test_uses_step if {
	ci.uses_step(`^actions/setup-go$`) with input.ci as facts
	not ci.uses_step(`^actions/cache$`) with input.ci as facts
}

test_templates_and_components if {
	ci.template("SAST") with input.ci as facts
	ci.template("Secret-Detection") with input.ci as facts
	not ci.template("Container-Scanning") with input.ci as facts
	ci.component("dependency-scanning") with input.ci as facts
	not ci.component("sast") with input.ci as facts
	not ci.auto_devops with input.ci as facts
}

test_sast_iac_is_not_sast if {
	not ci.template("SAST") with input.ci.gitlab_includes as [{"kind": "template", "location": "Security/SAST-IaC.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 1}]
}

test_report if {
	ci.report("junit") with input.ci as facts
	not ci.report("codequality") with input.ci as facts
}

test_finding_points_at_primary_config if {
	ci.finding("x") == {"msg": "x", "path": ".gitlab-ci.yml"} with input.ci as facts
	ci.finding("x") == {"msg": "x"} with input.ci.configs as []
}

test_component_with_version_in_location if {
	ci.component("sast") with input.ci.gitlab_includes as [{"kind": "component", "location": "$CI_SERVER_FQDN/components/sast/sast@2.0.1", "path": ".gitlab-ci.yml", "line": 1}]
}

test_primary_config_prefers_the_workflow_with_most_jobs if {
	ci_facts := {
		"configs": [{"provider": "github", "path": ".github/workflows/labeler.yml"}, {"provider": "github", "path": ".github/workflows/test.yml"}],
		"jobs": [
			job("github", ".github/workflows/labeler.yml", {}),
			job("github", ".github/workflows/test.yml", {}),
			job("github", ".github/workflows/test.yml", {"name": "lint"}),
		],
		"gitlab_includes": [], "workflows": [],
	}
	ci.primary_config == ".github/workflows/test.yml" with input.ci as ci_facts
}

shared_config := {"ci_templates": [
	{"include": "platform/ci-templates:/templates/go*.yml", "provides": ["test.ci-runs-tests", "security.sast"]},
	{"include": "acme/ci/.github/workflows/*", "provides": ["test.coverage"]},
]}

test_provided_by_a_declared_gitlab_project_include if {
	incs := [{"kind": "project", "project": "platform/ci-templates", "location": "/templates/go.gitlab-ci.yml", "ref": "v3", "path": ".gitlab-ci.yml", "line": 2}]
	ci.provided("test.ci-runs-tests") with input.ci.gitlab_includes as incs with input.ci.jobs as [] with input.ci.workflows as [] with data.score.config as shared_config
	ci.provided("security.sast") with input.ci.gitlab_includes as incs with input.ci.jobs as [] with input.ci.workflows as [] with data.score.config as shared_config
	not ci.provided("test.coverage") with input.ci.gitlab_includes as incs with input.ci.jobs as [] with input.ci.workflows as [] with data.score.config as shared_config
}

test_provided_by_a_declared_reusable_workflow if {
	wfs := [{"provider": "github", "path": ".github/workflows/ci.yml", "jobs": [{"name": "go", "line": 5, "uses_workflow": "acme/ci/.github/workflows/go.yml@v2"}]}]
	ci.provided("test.coverage") with input.ci.workflows as wfs with input.ci.gitlab_includes as [] with input.ci.jobs as [] with data.score.config as shared_config
}

test_not_provided_without_config_or_include if {
	incs := [{"kind": "project", "project": "platform/ci-templates", "location": "/templates/go.gitlab-ci.yml", "ref": "v3", "path": ".gitlab-ci.yml", "line": 2}]
	not ci.provided("test.ci-runs-tests") with input.ci.gitlab_includes as incs with input.ci.jobs as [] with input.ci.workflows as []
	not ci.provided("test.ci-runs-tests") with input.ci.gitlab_includes as [] with input.ci.jobs as [] with input.ci.workflows as [] with data.score.config as shared_config
}
