package score.checks.security.sast_test

import data.score.checks.security.sast

job(provider, commands, extra) := object.union(
	{
		"provider": provider, "path": ".gitlab-ci.yml", "name": "scan", "line": 5,
		"commands": [{"run": r, "path": ".gitlab-ci.yml", "line": 7} | some r in commands], "reached": [],
		"uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

ci(jobs, includes) := {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": includes, "workflows": []}

include(kind, location) := {"kind": kind, "location": location, "path": ".gitlab-ci.yml", "line": 2}

passes(c) if {
	vs := sast.violation with input.ci as c
	count(vs) == 0
}

test_pass_sast_template if {
	passes(ci([], [include("template", "Security/SAST.gitlab-ci.yml")]))
	passes(ci([], [include("template", "Jobs/SAST.gitlab-ci.yml")]))
}

test_pass_sast_component if {
	passes(ci([], [object.union(include("component", "$CI_SERVER_FQDN/components/sast/sast"), {"version": "1.0"})]))
}

test_pass_codeql_action if {
	passes(ci([job("github", [], {"uses": [{"ref": "github/codeql-action/analyze@v3", "path": ".github/workflows/codeql.yml", "line": 40, "with": {}}]})], []))
}

test_pass_semgrep_command if {
	passes(ci([job("gitlab", ["semgrep ci --config auto"], {})], []))
}

test_pass_snyk_code_action if {
	passes(ci([job("github", [], {"uses": [{"ref": "snyk/actions/node@master", "path": ".github/workflows/snyk.yml", "line": 12, "with": {"command": "code test"}}]})], []))
}

test_fail_sast_iac_only if {
	vs := sast.violation with input.ci as ci([job("gitlab", ["go test ./..."], {})], [include("template", "Security/SAST-IaC.gitlab-ci.yml")])
	vs == {{"msg": "no SAST runs in CI (GitLab SAST, CodeQL, Semgrep, gosec, Bandit, Sonar, Snyk Code)", "path": ".gitlab-ci.yml"}}
}

test_fail_snyk_open_source_only if {
	c := ci([job("github", [], {"uses": [{"ref": "snyk/actions/node@master", "path": ".github/workflows/snyk.yml", "line": 12, "with": {}}]})], [])
	count(sast.violation) == 1 with input.ci as c
}

test_never_skips if {
	not sast.applicable
}

test_fix_gitlab_template_on_gitlab_ci if {
	fixes := sast.fix with input.ci as {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "workflows": []}
	fixes == {{"edit": "gitlab-ci.include", "path": ".gitlab-ci.yml", "value": {"template": "Jobs/SAST.gitlab-ci.yml"}}}
}

test_fix_codeql_on_actions if {
	fixes := sast.fix with input.ci as {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}], "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}
		with input.files.languages as ["go", "typescript", "javascript", "shell"]
	fixes == {{"create": ".github/workflows/codeql.yml", "template": "actions-codeql", "value": {"languages": ["go", "javascript-typescript"]}}}
}

test_no_fix_without_known_ci if {
	count(sast.fix) == 0 with input.ci as {"configs": [{"provider": "jenkins", "path": "Jenkinsfile"}], "workflows": []}
}

test_new_ecosystem_sast if {
	sast.runs with input.ci.jobs as [{"commands": [{"run": "mix sobelow --config", "path": "x", "line": 1}], "reached": [], "uses": []}]
	sast.runs with input.ci.jobs as [{"commands": [{"run": "vendor/bin/psalm --taint-analysis", "path": "x", "line": 1}], "reached": [], "uses": []}]
	not sast.runs with input.ci.jobs as [{"commands": [{"run": "vendor/bin/psalm --no-cache", "path": "x", "line": 1}], "reached": [], "uses": []}]
}

test_gosec_in_golangci_lint_run_in_ci if {
	cfg := [{"tool": "golangci-lint:gosec", "path": ".golangci.yml", "line": 6, "coverage": false}]
	jobs := [{"commands": [{"run": "golangci-lint run ./...", "path": "x", "line": 1}], "reached": [], "uses": []}]
	sast.runs with input.security.configs as cfg with input.ci.jobs as jobs
	not sast.runs with input.security.configs as [] with input.ci.jobs as jobs
	not sast.runs with input.security.configs as cfg with input.ci.jobs as []
}
