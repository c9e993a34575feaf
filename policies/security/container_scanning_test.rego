package score.checks.security.container_scanning_test

import data.score.checks.security.container_scanning

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
	"containers": {"dockerfiles": [{"path": "Dockerfile", "stages": []}], "builders": [], "compose": []},
}

passes(f) if {
	container_scanning.applicable with input as f
	vs := container_scanning.violation with input as f
	count(vs) == 0
}

test_pass_template if {
	passes(facts([], [{"kind": "template", "location": "Jobs/Container-Scanning.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2}]))
}

test_pass_trivy_image if {
	passes(facts([job("gitlab", ["trivy image --exit-code 1 --severity HIGH,CRITICAL $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"], {})], []))
}

test_pass_grype_image if {
	passes(facts([job("gitlab", ["grype registry.example.com/team/app:1.2.3 --fail-on high"], {})], []))
	passes(facts([job("gitlab", ["grype docker:app:1"], {})], []))
	passes(facts([job("gitlab", ["grype -o sarif $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"], {})], []))
}

test_pass_trivy_action_default_image_scan if {
	passes(facts([job("github", [], {"uses": [step("aquasecurity/trivy-action@0.28.0", {"image-ref": "app:1"})]})], []))
}

test_pass_docker_scout if {
	passes(facts([job("github", [], {"uses": [step("docker/scout-action@v1", {"command": "cves"})]})], []))
}

test_fail_fs_scan_only if {
	f := facts([job("gitlab", ["trivy fs .", "grype dir:."], {"uses": [step("aquasecurity/trivy-action@0.28.0", {"scan-type": "fs"})]})], [])
	vs := container_scanning.violation with input as f
	vs == {{"msg": "the container image is not scanned for vulnerabilities in CI (GitLab Container Scanning, Trivy image, Grype, Docker Scout, Snyk Container)", "path": ".gitlab-ci.yml"}}
}

test_applicable_with_builder_only if {
	f := object.union(facts([], []), {"containers": {"dockerfiles": [], "builders": [{"kind": "ko", "path": ".ko.yaml", "line": 1}], "compose": []}})
	container_scanning.applicable with input as f
}

test_skip_without_container_build if {
	f := object.union(facts([], []), {"containers": {"dockerfiles": [{"path": ".devcontainer/Dockerfile", "stages": []}], "builders": [], "compose": []}})
	not container_scanning.applicable with input as f
}

test_fix_gitlab_template_or_trivy_workflow if {
	gl := container_scanning.fix with input.ci as {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "workflows": []}
	[f] := [f | some f in gl]
	f.value == {"template": "Jobs/Container-Scanning.gitlab-ci.yml"}
	gh := container_scanning.fix with input.ci as {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}], "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}
		with input.containers.dockerfiles as [{"path": "build/Dockerfile"}, {"path": "Dockerfile"}]
	gh == {{"create": ".github/workflows/container-scan.yml", "template": "actions-trivy", "value": {"dockerfile": "Dockerfile"}}}
}
