# METADATA
# title: Test check broken.syntax
# custom:
#   id: broken.syntax
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.syntax

violation contains "x" if {
	input.files.count ==
}
