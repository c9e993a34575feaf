package score.lib.fixes_test

import data.score.lib.fixes

test_gitlab_ci if {
	fixes.gitlab_ci with input as {"ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}]}}
	not fixes.gitlab_ci with input as {"ci": {"configs": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}}
}

gitlab_config(path) := {"provider": "gitlab", "path": path}

test_gitlab_ci_path_is_the_root_file if {
	fixes.gitlab_ci_path == ".gitlab-ci.yml" with input as {"ci": {"configs": [gitlab_config(".gitlab-ci.yml"), gitlab_config("ci/build.yml"), gitlab_config("ci/deploy.yml")]}}
	fixes.gitlab_ci_path == ".gitlab-ci.yaml" with input as {"ci": {"configs": [gitlab_config("ci/build.yml"), gitlab_config(".gitlab-ci.yaml")]}}
	fixes.gitlab_ci_path == ".gitlab-ci.yml" with input as {"ci": {"configs": [gitlab_config(".gitlab-ci.yaml"), gitlab_config(".gitlab-ci.yml")]}}
	not fixes.gitlab_ci_path with input as {"ci": {"configs": [gitlab_config("ci/build.yml")]}}
}

test_actions_only_without_gitlab if {
	fixes.actions with input as {"ci": {"configs": [], "workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}]}}
	not fixes.actions with input as {"ci": {
		"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}],
		"workflows": [{"provider": "github", "path": ".github/workflows/ci.yml"}],
	}}
}

test_github_hosted if {
	fixes.github_hosted with input as {"repo": {"url": "https://github.com/acme/api"}, "files": {"paths": []}, "ci": {"configs": []}}
	fixes.github_hosted with input as {"repo": {"url": "git@github.com:acme/api.git"}, "files": {"paths": []}, "ci": {"configs": []}}
	fixes.github_hosted with input as {"repo": {"url": ""}, "files": {"paths": [".github/CODEOWNERS"]}, "ci": {"configs": []}}
	not fixes.github_hosted with input as {"repo": {"url": ""}, "files": {"paths": [".github/CODEOWNERS", ".gitlab-ci.yml"]}, "ci": {"configs": [{"provider": "gitlab", "path": ".gitlab-ci.yml"}]}}
	not fixes.github_hosted with input as {"repo": {"url": "https://gitlab.example.com/acme/api"}, "files": {"paths": []}, "ci": {"configs": []}}
}

test_dependabot_updates if {
	updates := fixes.dependabot_updates with input as {
		"dependencies": {"manifests": [
			{"path": "go.mod", "ecosystem": "go"},
			{"path": "web/package.json", "ecosystem": "npm"},
			{"path": "tools/go.mod", "ecosystem": "go"},
			{"path": "x/Cargo.toml", "ecosystem": "cargo"},
		]},
		"containers": {"dockerfiles": [{"path": "build/Dockerfile"}]},
		"ci": {"workflows": [{"path": ".github/workflows/ci.yml"}]},
	}
	updates == [
		{"ecosystem": "gomod", "directories": ["/", "/tools"]},
		{"ecosystem": "npm", "directories": ["/web"]},
		{"ecosystem": "docker", "directories": ["/build"]},
		{"ecosystem": "github-actions", "directories": ["/"]},
	]
}
