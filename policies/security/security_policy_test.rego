package score.checks.security.security_policy_test

import data.score.checks.security.security_policy

test_pass_in_each_location if {
	every p in ["SECURITY.md", ".github/SECURITY.md", ".gitlab/security.md", "docs/SECURITY.rst"] {
		count(security_policy.violation) == 0 with input.security.policies as [p]
	}
}

test_fail_without_policy if {
	vs := security_policy.violation with input.security.policies as []
	vs == {{"msg": "no SECURITY.md (looked at the root, .github/, .gitlab/ and docs/)"}}
}

test_fail_policy_elsewhere if {
	count(security_policy.violation) == 1 with input.security.policies as ["vendor/lib/SECURITY.md"]
}

test_never_skips if {
	not security_policy.applicable
}

test_fix_creates_security_md if {
	security_policy.fix == {{"create": "SECURITY.md", "template": "security-policy"}} with input.security.policies as []
}
