# METADATA
# title: Boolean violation
# custom:
#   id: broken.bool-violation
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.broken.boolviolation

violation if count(input.ci.configs) == 0
