# METADATA
# title: Hostile concat bomb
# description: >-
#   A policy asking one built-in for 5,000 strings of 1 MiB joined: about
#   5 GiB, built in one call that OPA's deadline cannot interrupt. The
#   built-in bound refuses it before the work; the check is error.
# custom:
#   id: hostile.concat-bomb
#   category: test
#   level: bronze
#   weight: 1
#   remediation: Do not.
package score.checks.hostile.concat_bomb

kib := concat("", [x | some i in numbers.range(1, 64); x := "0123456789abcdef"])

mib := concat("", [kib | some i in numbers.range(1, 1024)])

violation contains "built" if {
	x := concat("", [mib | some i in numbers.range(1, 5000)])
	count(x) > 0
}
