# METADATA
# title: Our own CI check
# custom:
#   id: build.ci-pipeline
#   category: build
#   level: gold
#   weight: 1
#   remediation: Use the platform pipeline template.
package score.checks.ours.ci

violation contains "the platform template is not included" if not includes_template

includes_template if {
	some inc in input.ci.gitlab_includes
	inc.location == "platform/ci.yml"
}
