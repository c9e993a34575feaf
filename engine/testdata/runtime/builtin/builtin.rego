# METADATA
# title: Test check runtime.builtin
# custom:
#   id: runtime.builtin
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.runtime.builtin

# The repository name is not a number: a built-in error, not "undefined".
violation contains "odd" if to_number(input.repo.name) % 2 == 1
