# METADATA
# title: No remediation
# custom:
#   id: broken.no-remediation
#   category: test
#   level: bronze
#   weight: 1
package score.checks.broken.noremediation

violation contains "x" if false
