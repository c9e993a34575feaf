# METADATA
# title: Test check runtime.conflict
# custom:
#   id: runtime.conflict
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.runtime.conflict

# Two complete definitions with different values: a conflict at run time.
mode := "a" if input.files.count >= 0

mode := "b" if input.files.count >= 0

violation contains mode if mode == "c"
