package score.checks.security.secret_detection_test

import data.score.checks.security.secret_detection

job(provider, commands, extra) := object.union(
	{
		"provider": provider, "path": ".gitlab-ci.yml", "name": "scan", "line": 5,
		"commands": [{"run": r, "path": ".gitlab-ci.yml", "line": 7} | some r in commands], "reached": [],
		"uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

facts(jobs, includes, hooks) := {
	"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": includes, "workflows": []},
	"security": {"secrets": [], "configs": [], "pre_commit": hooks, "policies": []},
}

passes(f) if {
	vs := secret_detection.violation with input as f
	count(vs) == 0
}

test_pass_template if {
	passes(facts([], [{"kind": "template", "location": "Security/Secret-Detection.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2}], []))
}

test_pass_component if {
	passes(facts([], [{"kind": "component", "location": "gitlab.com/components/secret-detection/secret-detection", "version": "1.1.2", "path": ".gitlab-ci.yml", "line": 2}], []))
}

test_pass_gitleaks_action if {
	passes(facts([job("github", [], {"uses": [{"ref": "gitleaks/gitleaks-action@v2", "path": ".github/workflows/ci.yml", "line": 9, "with": {}}]})], [], []))
}

test_pass_pre_commit_hook if {
	passes(facts([], [], [{"repo": "https://github.com/gitleaks/gitleaks", "id": "gitleaks", "path": ".pre-commit-config.yaml", "line": 3}]))
}

test_pass_trufflehog_command if {
	passes(facts([job("gitlab", ["trufflehog git file://. --only-verified --fail"], {})], [], []))
}

test_fail_without_detection if {
	vs := secret_detection.violation with input as facts([job("gitlab", ["go test ./..."], {})], [], [{"repo": "https://github.com/pre-commit/pre-commit-hooks", "id": "trailing-whitespace", "path": ".pre-commit-config.yaml", "line": 3}])
	vs == {{"msg": "no secret detection runs in CI or as a pre-commit hook (GitLab Secret Detection, gitleaks, TruffleHog, detect-secrets, ggshield)", "path": ".gitlab-ci.yml"}}
}

test_never_skips if {
	not secret_detection.applicable
}

test_fix_gitlab_template_or_actions_workflow if {
	gl := secret_detection.fix with input.ci as {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "workflows": []}
	gl == {{"edit": "gitlab-ci.include", "path": ".gitlab-ci.yml", "value": {"template": "Jobs/Secret-Detection.gitlab-ci.yml"}}}
	gh := secret_detection.fix with input.ci as {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}], "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}
	[f] := [f | some f in gh]
	f.create == ".github/workflows/gitleaks.yml"
}
