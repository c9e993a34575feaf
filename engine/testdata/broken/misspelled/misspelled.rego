# METADATA
# title: Test check broken.misspelled
# custom:
#   id: broken.misspelled
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.misspelled

violation contains "no Dockerfile" if {
	count(input.containers.dockerfile) == 0
}
