# METADATA
# title: No id
# custom:
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.noid

violation contains "x" if false
