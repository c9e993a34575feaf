package score.checks.security.no_committed_secrets_test

import data.score.checks.security.no_committed_secrets

test_pass_without_secrets if {
	count(no_committed_secrets.violation) == 0 with input.security.secrets as []
}

test_fail_each_secret if {
	secrets := [
		{"kind": "private-key", "path": "deploy/id_rsa", "line": 1, "fixture": false},
		{"kind": "aws-access-key", "path": "config/prod.env", "line": 4, "fixture": false},
		{"kind": "new-kind", "path": "x.txt", "line": 2, "fixture": false},
	]
	vs := no_committed_secrets.violation with input.security.secrets as secrets
	vs == {
		{"msg": "a private key is committed here", "path": "deploy/id_rsa", "line": 1},
		{"msg": "an AWS access key is committed here", "path": "config/prod.env", "line": 4},
		{"msg": "a credential (new-kind) is committed here", "path": "x.txt", "line": 2},
	}
}

test_fixture_secret_does_not_count if {
	secrets := [{"kind": "private-key", "path": "testdata/tls/key.pem", "line": 1, "fixture": true}]
	count(no_committed_secrets.violation) == 0 with input.security.secrets as secrets
}

test_never_skips if {
	not no_committed_secrets.applicable
}
