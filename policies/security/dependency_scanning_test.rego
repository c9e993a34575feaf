package score.checks.security.dependency_scanning_test

import data.score.checks.security.dependency_scanning

job(provider, commands, extra) := object.union(
	{
		"provider": provider, "path": ".gitlab-ci.yml", "name": "scan", "line": 5,
		"commands": [{"run": r, "path": ".gitlab-ci.yml", "line": 7} | some r in commands], "reached": [],
		"uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

step(ref, inputs) := {"ref": ref, "path": ".github/workflows/ci.yml", "line": 30, "with": inputs}

facts(jobs, includes) := {
	"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": includes, "workflows": []},
	"dependencies": {"manifests": []},
}

passes(f) if {
	vs := dependency_scanning.violation with input as f
	count(vs) == 0
}

fails(f) if {
	vs := dependency_scanning.violation with input as f
	count(vs) == 1
}

test_pass_template if {
	passes(facts([], [{"kind": "template", "location": "Jobs/Dependency-Scanning.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2}]))
}

test_pass_govulncheck if {
	passes(facts([job("gitlab", ["go install golang.org/x/vuln/cmd/govulncheck@latest", "govulncheck ./..."], {})], []))
}

test_pass_npm_audit_via_script if {
	passes(facts([job("gitlab", ["npm run audit"], {"reached": [{"run": "npm audit --audit-level=high", "path": "package.json", "line": 9}]})], []))
}

test_pass_grype_dir if {
	passes(facts([job("gitlab", ["grype dir:. --fail-on high"], {})], []))
	passes(facts([job("gitlab", ["grype ."], {})], []))
}

test_pass_trivy_fs if {
	passes(facts([job("gitlab", ["trivy fs --exit-code 1 ."], {})], []))
}

test_pass_dependency_review_action if {
	passes(facts([job("github", [], {"uses": [step("actions/dependency-review-action@v4", {})]})], []))
}

test_pass_trivy_action_fs_scan if {
	passes(facts([job("github", [], {"uses": [step("aquasecurity/trivy-action@0.28.0", {"scan-type": "fs", "scan-ref": "."})]})], []))
}

test_fail_trivy_image_scan_only if {
	fails(facts([job("gitlab", ["trivy image registry.example.com/app:1"], {"uses": [step("aquasecurity/trivy-action@0.28.0", {"image-ref": "app:1"})]})], []))
}

test_fail_without_scanning if {
	vs := dependency_scanning.violation with input as facts([job("gitlab", ["npm ci", "npm test"], {})], [])
	vs == {{"msg": "no dependency vulnerability scanning runs in CI (GitLab Dependency Scanning, govulncheck, OSV-Scanner, Trivy fs, Grype, Snyk, npm audit, pip-audit, OWASP Dependency-Check, dependency-review-action)", "path": ".gitlab-ci.yml"}}
}

test_never_skips if {
	not dependency_scanning.applicable
}

test_pass_go_run_with_version if {
	passes(facts([job("github", ["go run golang.org/x/vuln/cmd/govulncheck@v1.1.3 ./..."], {})], []))
}

test_fix_gitlab_template_or_actions_workflow if {
	gl := dependency_scanning.fix with input.ci as {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "workflows": []}
	gl == {{"edit": "gitlab-ci.include", "path": ".gitlab-ci.yml", "value": {"template": "Jobs/Dependency-Scanning.gitlab-ci.yml"}}}
	gh := dependency_scanning.fix with input.ci as {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}], "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}
	[f] := [f | some f in gh]
	f.create == ".github/workflows/dependency-review.yml"
}

test_nuget_audit_as_errors_with_ci_restore if {
	ms := [{"path": "Directory.Build.props", "ecosystem": "nuget", "kind": "Directory.Build.props", "lockfiles": [], "pinned": false, "dependencies": [], "plugins": [], "workspaces": [], "properties": {"WarningsAsErrors": "$(WarningsAsErrors);NU1903;NU1904"}}]
	jobs := [{"commands": [{"run": "dotnet build -c Release", "path": "x", "line": 1}], "reached": [], "uses": []}]
	dependency_scanning.runs with input.dependencies.manifests as ms with input.ci.jobs as jobs
	not dependency_scanning.runs with input.dependencies.manifests as ms with input.ci.jobs as []
	off := [object.union(ms[0], {"properties": {"WarningsAsErrors": "NU1903", "NuGetAudit": "false"}})]
	not dependency_scanning.runs with input.dependencies.manifests as off with input.ci.jobs as jobs
}

test_sbt_dependency_check_task if {
	passes(facts([job("github", ["sbt dependencyCheckAggregate"], {})], []))
	passes(facts([job("github", ["./sbt -batch dependencyCheck"], {})], []))
}
