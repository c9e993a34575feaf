# METADATA
# title: A CI pipeline is defined
# description: >-
#   The repository defines a continuous-integration pipeline (GitLab CI,
#   GitHub, Forgejo or Gitea Actions, Jenkins, CircleCI, Travis, Azure
#   Pipelines, Bitbucket, Drone, Woodpecker or Cloud Build), so that every
#   change is built and checked the same way before it ships.
# custom:
#   id: build.ci-pipeline
#   category: build
#   level: bronze
#   weight: 5
#   remediation: Add a `.gitlab-ci.yml` (or a workflow under `.github/workflows/`) that builds and tests the service on every push.
package score.checks.build.ci_pipeline

violation contains {"msg": "no CI pipeline is defined (looked for GitLab CI, GitHub/Forgejo/Gitea Actions, Jenkins, CircleCI, Travis, Azure Pipelines, Bitbucket Pipelines, Drone, Woodpecker and Cloud Build)"} if {
	count(input.ci.configs) == 0
}

# evidence is what the outcome rests on: each CI definition found.
evidence contains {"msg": sprintf("%s CI is defined in %s", [c.provider, c.path]), "path": c.path} if {
	some c in input.ci.configs
}
