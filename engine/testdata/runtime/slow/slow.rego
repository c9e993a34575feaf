# METADATA
# title: Test check runtime.slow
# custom:
#   id: runtime.slow
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Fix it.
package score.checks.runtime.slow

# Nine million iterations: far longer than the test deadline.
violation contains "never" if {
	some i in numbers.range(1, 3000)
	some j in numbers.range(1, 3000)
	i * j == -1
}
