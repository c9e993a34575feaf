# METADATA
# title: Bad level and weight
# custom:
#   id: broken.bad-level
#   category: test
#   level: platinum
#   weight: 0
#   remediation: Fix it.
package score.checks.broken.badlevel

violation contains "x" if false
