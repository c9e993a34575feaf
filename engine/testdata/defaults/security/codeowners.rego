# METADATA
# title: A CODEOWNERS file exists
# custom:
#   id: security.codeowners
#   category: security
#   level: silver
#   weight: 1
#   remediation: Add a CODEOWNERS file.
package score.checks.security.codeowners

violation contains {"msg": "no CODEOWNERS file"} if count(input.ownership.codeowners) == 0
