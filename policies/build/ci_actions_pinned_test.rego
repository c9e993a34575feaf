package score.checks.build.ci_actions_pinned_test

import data.score.checks.build.ci_actions_pinned

sha := "b4ffde65f46336ab88eb53be808477a3936bae11"

job(provider, refs) := {
	"provider": provider, "path": ".github/workflows/ci.yml", "name": "build", "line": 5,
	"commands": [], "reached": [], "reports": [], "template": false, "extends": [],
	"uses": [{"ref": ref, "path": ".github/workflows/ci.yml", "line": 10 + i, "with": {}} | some i, ref in refs],
}

include(kind, location, extra) := object.union({"kind": kind, "location": location, "path": ".gitlab-ci.yml", "line": 3}, extra)

facts(jobs, includes) := {"jobs": jobs, "gitlab_includes": includes, "workflows": [], "configs": []}

test_pass_sha_pinned_actions if {
	ci := facts(
		[job("github", [
			concat("@", ["actions/checkout", sha]),
			concat("@", ["github/codeql-action/init", sha]),
			"./.github/actions/setup",
			"docker://alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b",
		])],
		[],
	)
	ci_actions_pinned.applicable with input.ci as ci
	count(ci_actions_pinned.violation) == 0 with input.ci as ci
}

test_fail_tag_pinned_github_action if {
	vs := ci_actions_pinned.violation with input.ci as facts([job("github", ["actions/checkout@v4"])], [])
	vs == {{"msg": "actions/checkout@v4 is pinned to \"v4\", which can be moved; pin it to a full 40-character commit SHA", "path": ".github/workflows/ci.yml", "line": 10}}
}

test_fail_branch_short_sha_unversioned_and_docker_tag if {
	vs := ci_actions_pinned.violation with input.ci as facts(
		[job("forgejo", [
			"some/action@main",
			"some/action@b4ffde6",
			"some/action",
			"docker://alpine:3.20",
			"https://code.forgejo.org/actions/setup-go@v5",
		])],
		[],
	)
	count(vs) == 5
	{"msg": "some/action has no version; pin it to a full commit SHA", "path": ".github/workflows/ci.yml", "line": 12} in vs
	{"msg": "docker://alpine:3.20 is not pinned to an image digest (@sha256:...)", "path": ".github/workflows/ci.yml", "line": 13} in vs
}

test_reusable_workflow_call if {
	wf := {"provider": "github", "path": ".github/workflows/release.yml", "jobs": [
		{"name": "call", "line": 7, "uses_workflow": "acme/ci/.github/workflows/go.yml@main"},
		{"name": "local", "line": 12, "uses_workflow": "./.github/workflows/lint.yml"},
		{"name": "pinned", "line": 15, "uses_workflow": concat("@", ["acme/ci/.github/workflows/go.yml", sha])},
	]}
	vs := ci_actions_pinned.violation with input.ci as object.union(facts([], []), {"workflows": [wf]})
	vs == {{"msg": "acme/ci/.github/workflows/go.yml@main is pinned to \"main\", which can be moved; pin it to a full 40-character commit SHA", "path": ".github/workflows/release.yml", "line": 7}}
}

test_other_providers_uses_are_not_judged if {
	not ci_actions_pinned.applicable with input.ci as facts([object.union(job("circleci", ["circleci/node@5.1"]), {"path": ".circleci/config.yml"})], [])
}

test_gitlab_includes_pass if {
	incs := [
		include("local", "/ci/build.yml", {}),
		include("template", "Security/SAST.gitlab-ci.yml", {}),
		include("project", "templates/go.yml", {"project": "platform/ci", "ref": "v1.4.0"}),
		include("project", "templates/go.yml", {"project": "platform/ci", "ref": sha}),
		include("component", "$CI_SERVER_FQDN/components/sast/sast", {"version": "1.0.0"}),
		include("remote", "https://gitlab.example.com/platform/ci/-/raw/v2.3.1/go.yml", {}),
	]
	ci_actions_pinned.applicable with input.ci as facts([], incs)
	count(ci_actions_pinned.violation) == 0 with input.ci as facts([], incs)
}

test_gitlab_includes_fail if {
	incs := [
		object.union(include("project", "templates/go.yml", {"project": "platform/ci"}), {"line": 2}),
		object.union(include("project", "templates/go.yml", {"project": "platform/ci", "ref": "main"}), {"line": 5}),
		object.union(include("component", "$CI_SERVER_FQDN/components/sast/sast", {"version": "~latest"}), {"line": 8}),
		object.union(include("component", "gitlab.com/components/secret-detection/secret-detection", {}), {"line": 9}),
		object.union(include("component", "gitlab.com/components/code-quality/code-quality", {"version": "master"}), {"line": 10}),
		object.union(include("remote", "https://gitlab.example.com/platform/ci/-/raw/main/go.yml", {}), {"line": 12}),
	]
	vs := ci_actions_pinned.violation with input.ci as facts([], incs)
	{v.line | some v in vs} == {2, 5, 8, 9, 10, 12}
	{"msg": "include of templates/go.yml from project platform/ci has no ref, so it follows the default branch", "path": ".gitlab-ci.yml", "line": 2} in vs
	{"msg": "component $CI_SERVER_FQDN/components/sast/sast uses version \"~latest\", which moves; use a fixed version such as @1.2.0", "path": ".gitlab-ci.yml", "line": 8} in vs
}

test_skip_without_anything_to_pin if {
	not ci_actions_pinned.applicable with input.ci as facts([], [])
	not ci_actions_pinned.applicable with input.ci as facts([job("github", ["./.github/actions/build"])], [include("local", "/ci.yml", {}), include("template", "Auto-DevOps.gitlab-ci.yml", {})])
}

test_fix_says_it_needs_github if {
	[f] := [f | some f in ci_actions_pinned.fix]
	contains(f.manual, "GitHub")
}
