# METADATA
# title: The repository has a README
# description: >-
#   A README at the root has real content - at least 300 characters by
#   default (data.score.config.min_readme_chars) - so that a newcomer or an
#   on-call engineer can find out what the service does and how to run it.
# custom:
#   id: ownership.readme
#   category: ownership
#   level: bronze
#   weight: 3
#   remediation: Write a `README.md` at the root that says what the service does, who owns it, and how to build, test, run and deploy it.
package score.checks.ownership.readme

import data.score.lib.config

min_chars := n if {
	n := config.get("min_readme_chars", 300)
	is_number(n)
} else := 300

violation contains {"msg": "no README at the repository root"} if {
	not input.files.readme
}

violation contains {"msg": msg, "path": input.files.readme.path} if {
	input.files.readme.chars < min_chars
	msg := sprintf("the README has %d characters of content; at least %d are expected", [input.files.readme.chars, min_chars])
}

# `score fix` writes a README skeleton with the sections a reader needs, for
# the team to fill in. An existing README is the team's to extend.
fix contains {"create": "README.md", "template": "readme"} if {
	not input.files.readme
}
