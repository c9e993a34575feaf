package score.checks.security.codeowners_test

import data.score.checks.security.codeowners

owners(p) := {"path": p, "default_owners": ["@acme/payments"], "default_line": 1, "rules": 1}

test_pass_in_each_location if {
	every p in ["CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS"] {
		count(codeowners.violation) == 0 with input.ownership.codeowners as [owners(p)]
	}
}

test_fail_without_codeowners if {
	vs := codeowners.violation with input.ownership.codeowners as []
	vs == {{"msg": "no CODEOWNERS file (looked at the root, .github/, .gitlab/ and docs/)"}}
}

test_fail_codeowners_in_wrong_place if {
	vs := codeowners.violation with input.ownership.codeowners as [owners("src/CODEOWNERS")]
	vs == {{"msg": "src/CODEOWNERS is not where GitHub or GitLab read CODEOWNERS (the root, .github/, .gitlab/ or docs/)", "path": "src/CODEOWNERS"}}
}

test_never_skips if {
	not codeowners.applicable
}

test_fix_creates_codeowners_when_none if {
	codeowners.fix == {{"create": "CODEOWNERS", "template": "codeowners"}} with input.ownership.codeowners as []
}

test_no_fix_for_a_misplaced_codeowners if {
	count(codeowners.fix) == 0 with input.ownership.codeowners as [owners("src/CODEOWNERS")]
}

test_evidence_names_the_file if {
	ev := codeowners.evidence with input.ownership.codeowners as [{"path": ".gitlab/CODEOWNERS"}]
	ev == {{"msg": "code owners are declared in .gitlab/CODEOWNERS", "path": ".gitlab/CODEOWNERS"}}
}
