# METADATA
# title: Test check broken.correct-field
# custom:
#   id: broken.correct-field
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.correctfield

violation contains "no Dockerfile" if {
	count(input.containers.dockerfiles) == 0
}
