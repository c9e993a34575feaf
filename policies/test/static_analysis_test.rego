package score.checks.test.static_analysis_test

import data.score.checks.test.static_analysis

job(commands, extra) := object.union(
	{
		"provider": "gitlab", "path": ".gitlab-ci.yml", "name": "lint", "line": 5,
		"commands": [{"run": r, "path": ".gitlab-ci.yml", "line": 7} | some r in commands], "reached": [],
		"uses": [], "reports": [], "template": false, "extends": [],
	},
	extra,
)

facts(jobs) := {
	"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": jobs, "gitlab_includes": [], "workflows": []},
	"security": {"secrets": [], "configs": [], "pre_commit": [], "policies": []},
	"dependencies": {"manifests": []},
}

passes(f) if {
	vs := static_analysis.violation with input as f
	count(vs) == 0
}

fails(f) if {
	vs := static_analysis.violation with input as f
	count(vs) == 1
}

test_pass_golangci_lint_in_ci if {
	passes(facts([job(["golangci-lint run ./..."], {})]))
}

test_pass_go_vet if {
	passes(facts([job(["go vet ./..."], {})]))
}

test_pass_ruff_check if {
	passes(facts([job(["uv run ruff check ."], {})]))
}

test_pass_eslint_config if {
	f := object.union(facts([]), {"security": {"secrets": [], "configs": [{"tool": "eslint", "path": "eslint.config.js", "line": 1, "coverage": false}], "pre_commit": [], "policies": []}})
	passes(f)
}

test_pass_gitlab_code_quality_template if {
	f := object.union(facts([]), {"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}], "jobs": [], "workflows": [], "gitlab_includes": [{"kind": "template", "location": "Jobs/Code-Quality.gitlab-ci.yml", "path": ".gitlab-ci.yml", "line": 2}]}})
	passes(f)
}

test_pass_checkstyle_plugin if {
	m := {"path": "pom.xml", "ecosystem": "maven", "kind": "pom.xml", "lockfiles": [], "pinned": false, "dependencies": [], "plugins": [{"name": "org.apache.maven.plugins:maven-checkstyle-plugin", "scope": "build", "direct": true, "line": 60}], "workspaces": []}
	passes(object.union(facts([]), {"dependencies": {"manifests": [m]}}))
}

test_pass_pre_commit_hook if {
	f := object.union(facts([]), {"security": {"secrets": [], "configs": [], "policies": [], "pre_commit": [{"repo": "https://github.com/astral-sh/ruff-pre-commit", "id": "ruff", "path": ".pre-commit-config.yaml", "line": 4}]}})
	passes(f)
}

test_fail_formatters_only if {
	f := object.union(facts([job(["gofmt -l .", "npx prettier --check .", "ruff format --check", "black --check ."], {})]), {"security": {
		"secrets": [], "policies": [],
		"configs": [{"tool": "prettier", "path": ".prettierrc", "line": 1, "coverage": false}, {"tool": "editorconfig", "path": ".editorconfig", "line": 1, "coverage": false}],
		"pre_commit": [{"repo": "https://github.com/astral-sh/ruff-pre-commit", "id": "ruff-format", "path": ".pre-commit-config.yaml", "line": 4}],
	}})
	vs := static_analysis.violation with input as f
	vs == {{"msg": "no linter or static analyser is configured or run (formatters alone do not count)", "path": ".gitlab-ci.yml"}}
}

test_fail_tests_only if {
	fails(facts([job(["go test ./..."], {})]))
}

test_never_skips if {
	not static_analysis.applicable
}

test_new_ecosystem_linters if {
	static_analysis.analysed with input.ci.jobs as [{"commands": [{"run": "bundle exec standardrb", "path": "x", "line": 1}], "reached": [], "uses": []}]
	static_analysis.analysed with input.ci.jobs as [{"commands": [{"run": "mix dialyzer --format github", "path": "x", "line": 1}], "reached": [], "uses": []}]
	static_analysis.analysed with input.dependencies.manifests as [{"path": "composer.json", "ecosystem": "composer", "kind": "composer.json", "lockfiles": [], "pinned": false, "dependencies": [{"name": "phpstan/phpstan", "scope": "dev", "direct": true, "line": 3}], "plugins": [], "workspaces": []}]
	not static_analysis.analysed with input.dependencies.manifests as [{"path": "composer.json", "ecosystem": "composer", "kind": "composer.json", "lockfiles": [], "pinned": false, "dependencies": [{"name": "friendsofphp/php-cs-fixer", "scope": "dev", "direct": true, "line": 3}], "plugins": [], "workspaces": []}]
}

nuget_props(props) := [{"path": "Directory.Build.props", "ecosystem": "nuget", "kind": "Directory.Build.props", "lockfiles": [], "pinned": false, "dependencies": [], "plugins": [], "workspaces": [], "properties": props}]

test_msbuild_analyzer_settings if {
	static_analysis.analysed with input.dependencies.manifests as nuget_props({"AnalysisMode": "All"})
	static_analysis.analysed with input.dependencies.manifests as nuget_props({"AnalysisLevel": "latest-Recommended"})
	static_analysis.analysed with input.dependencies.manifests as nuget_props({"EnableNETAnalyzers": "true", "TreatWarningsAsErrors": "true"})
	not static_analysis.analysed with input.dependencies.manifests as nuget_props({"TreatWarningsAsErrors": "true"})
	not static_analysis.analysed with input.dependencies.manifests as nuget_props({"AnalysisMode": "Default"})
}

test_ktlint_in_linter_mode_only if {
	passes(facts([job(["ktlint \"src/**/*.kt\" --reporter=checkstyle"], {})]))
	passes(facts([job(["./gradlew ktlintCheck"], {})]))
	passes(facts([job(["./gradlew lintKotlin"], {})]))
	fails(facts([job(["ktlint -F \"src/**/*.kt\""], {})]))
	fails(facts([job(["ktlint --format"], {})]))
	fails(facts([job(["./gradlew ktlintFormat"], {})]))
	m := {"path": "build.gradle.kts", "ecosystem": "gradle", "kind": "build.gradle.kts", "lockfiles": [], "pinned": false, "dependencies": [], "plugins": [{"name": "org.jmailen.kotlinter", "scope": "build", "direct": true, "line": 3}], "workspaces": []}
	passes(object.union(facts([]), {"dependencies": {"manifests": [m]}}))
}
