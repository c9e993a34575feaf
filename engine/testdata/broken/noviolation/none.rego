# METADATA
# title: No violation rule
# custom:
#   id: broken.no-violation
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.noviolation

applicable if true
