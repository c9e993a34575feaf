package score.checks.ownership.readme_test

import data.score.checks.ownership.readme

test_pass_with_content if {
	count(readme.violation) == 0 with input.files.readme as {"path": "README.md", "chars": 1200}
	count(readme.violation) == 0 with input.files.readme as {"path": "README.md", "chars": 300}
}

test_fail_short_readme if {
	vs := readme.violation with input.files.readme as {"path": "README.md", "chars": 42}
	vs == {{"msg": "the README has 42 characters of content; at least 300 are expected", "path": "README.md"}}
}

test_fail_without_readme if {
	vs := readme.violation with input.files as {"paths": ["main.go"], "count": 1, "truncated": false, "languages": ["go"]}
	vs == {{"msg": "no README at the repository root"}}
}

test_configured_minimum if {
	count(readme.violation) == 1 with input.files.readme as {"path": "README.md", "chars": 400} with data.score.config as {"min_readme_chars": 500}
	count(readme.violation) == 0 with input.files.readme as {"path": "README.md", "chars": 120} with data.score.config as {"min_readme_chars": 100}
	count(readme.violation) == 0 with input.files.readme as {"path": "README.md", "chars": 400} with data.score.config as {"min_readme_chars": "lots"}
}

test_never_skips if {
	not readme.applicable
}

test_fix_writes_skeleton_only_without_readme if {
	readme.fix == {{"create": "README.md", "template": "readme"}} with input.files as {"paths": []}
	count(readme.fix) == 0 with input.files as {"paths": ["README.md"], "readme": {"path": "README.md", "chars": 12}}
}
