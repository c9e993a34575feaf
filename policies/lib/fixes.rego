# METADATA
# title: Fix helpers
# description: |
#   What `score fix` needs to know to choose a fix: the CI a repository
#   uses, where it is hosted, and the Dependabot view of its ecosystems.
#   Checks read these in their `fix` rules; scoring never does.
package score.lib.fixes

import data.score.lib.containers
import data.score.lib.paths

# gitlab_ci holds when the pipeline is a root .gitlab-ci.yml, the file the
# GitLab editors change.
gitlab_ci if {
	some c in input.ci.configs
	c.provider == "gitlab"
	c.path in {".gitlab-ci.yml", ".gitlab-ci.yaml"}
}

# gitlab_ci_path is the root pipeline file, never a file it includes (the
# configs list those too): .gitlab-ci.yml, which GitLab reads first, else
# .gitlab-ci.yaml.
gitlab_ci_path := ".gitlab-ci.yml" if {
	root_config(".gitlab-ci.yml")
} else := ".gitlab-ci.yaml" if {
	root_config(".gitlab-ci.yaml")
}

root_config(path) if {
	some c in input.ci.configs
	c.provider == "gitlab"
	c.path == path
}

# actions holds when GitHub Actions workflows run and there is no GitLab
# pipeline to extend instead.
actions if {
	not gitlab_ci
	some w in input.ci.workflows
	w.provider == "github"
}

# github_hosted holds when the repository lives on GitHub: its URL says so,
# or it has a .github/ folder and no sign of GitLab.
github_hosted if regex.match(`(?i)^(https?://|ssh://)?([^@/]+@)?github\.com[:/]`, input.repo.url)

github_hosted if {
	not gitlab_hosted
	some p in input.files.paths
	startswith(p, ".github/")
}

gitlab_hosted if regex.match(`(?i)gitlab`, input.repo.url)

gitlab_hosted if gitlab_ci

gitlab_hosted if {
	some p in input.files.paths
	startswith(p, ".gitlab/")
}

# dependabot_ecosystem maps the collectors' ecosystems to Dependabot's
# package-ecosystem names.
dependabot_ecosystem := {
	"go": "gomod",
	"npm": "npm",
	"pypi": "pip",
	"maven": "maven",
	"gradle": "gradle",
	"nuget": "nuget",
}

# folder is a path's directory as Dependabot writes it: "/" at the root.
folder(p) := concat("", ["/", paths.dir(p)])

ecosystem_dirs(eco) := sort({folder(m.path) |
	some m in input.dependencies.manifests
	dependabot_ecosystem[m.ecosystem] == eco
})

# dependabot_updates lists one update entry per ecosystem present, with
# every folder holding one of its manifests, then Dockerfiles and Actions.
dependabot_updates := array.concat(
	array.concat(
		[{"ecosystem": eco, "directories": ecosystem_dirs(eco)} |
			some eco in sort({e | some m in input.dependencies.manifests; e := dependabot_ecosystem[m.ecosystem]})
		],
		[{"ecosystem": "docker", "directories": dirs} |
			dirs := sort({folder(df.path) | some df in containers.dockerfiles})
			count(dirs) > 0
		],
	),
	[{"ecosystem": "github-actions", "directories": ["/"]} | count(input.ci.workflows) > 0],
)
