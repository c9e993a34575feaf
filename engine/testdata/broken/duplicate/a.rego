# METADATA
# title: Test check broken.dup
# custom:
#   id: broken.dup
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.dup_a

violation contains "x" if false
