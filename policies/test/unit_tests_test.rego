package score.checks.test.unit_tests_test

import data.score.checks.test.unit_tests

test_pass_with_test_files if {
	tests := {"files": [{"path": "internal/api/handler_test.go", "language": "go"}], "count": 1, "languages": ["go"], "configs": []}
	unit_tests.applicable with input.files.languages as ["go"]
	count(unit_tests.violation) == 0 with input.files.languages as ["go"] with input.tests as tests
}

test_pass_when_one_language_has_tests if {
	tests := {"files": [{"path": "web/src/app.test.ts", "language": "typescript"}], "count": 1, "languages": ["typescript"], "configs": []}
	count(unit_tests.violation) == 0 with input.files.languages as ["go", "typescript"] with input.tests as tests
}

test_fail_without_tests if {
	tests := {"files": [], "count": 0, "languages": [], "configs": []}
	vs := unit_tests.violation with input.files.languages as ["java", "kotlin"] with input.tests as tests
	vs == {{"msg": "no test sources found for java, kotlin"}}
}

test_skip_without_languages if {
	not unit_tests.applicable with input.files.languages as []
}

test_evidence_lists_test_sources if {
	ev := unit_tests.evidence with input as {
		"files": {"languages": ["go"]},
		"tests": {"files": [{"path": "a_test.go", "language": "go"}], "count": 1},
	}
	ev == {{"msg": "go test source", "path": "a_test.go"}}
}

test_evidence_says_why_it_skips if {
	ev := unit_tests.evidence with input as {"files": {"languages": []}, "tests": {"files": [], "count": 0}}
	ev == {{"msg": "no programming language was recognised"}}
}
