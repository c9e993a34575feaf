# METADATA
# title: Test check runtime.bad-violation
# custom:
#   id: runtime.bad-violation
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.runtime.bad_violation

violation contains {"message": "msg is misspelled"} if true
