# METADATA
# title: A README with real content
# custom:
#   id: ownership.readme
#   category: ownership
#   level: bronze
#   weight: 1
#   remediation: Write a README of at least `data.score.config.readme_min` characters.
package score.checks.ownership.readme

min_chars := object.get(data.score.config, "readme_min", 300)

violation contains {"msg": "no README at the root"} if not input.files.readme

violation contains {"msg": sprintf("README has %d characters, want %d", [input.files.readme.chars, min_chars]), "path": input.files.readme.path, "line": 1} if {
	input.files.readme.chars < min_chars
}
