# METADATA
# title: A GitLab CI pipeline is defined
# custom:
#   id: build.ci-pipeline
#   category: build
#   level: silver
#   weight: 5
#   remediation: Add a `.gitlab-ci.yml`.
package score.checks.build.ci_pipeline

violation contains "no GitLab CI configuration found" if {
	not any_gitlab
}

any_gitlab if {
	some c in input.ci.configs
	c.provider == "gitlab"
}
