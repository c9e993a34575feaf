# METADATA
# title: Unit tests exist
# description: >-
#   At least one of the repository's languages has test sources (*_test.go,
#   src/test/, *.test.* and *.spec.*, __tests__/, test_*.py, *_test.py,
#   tests/, *.Tests projects, Rust tests/ and #[cfg(test)] modules, Ruby
#   *_spec.rb and test/**/*_test.rb, PHP *Test.php, Elixir
#   test/**/*_test.exs), so that changes can be checked automatically.
#   Skipped when no programming language is recognised.
# custom:
#   id: test.unit-tests
#   category: test
#   level: bronze
#   weight: 4
#   remediation: Add unit tests next to the code in the language's usual layout, for example `handler_test.go`, `src/test/java/...`, `src/app.test.ts` or `tests/test_app.py`.
package score.checks.test.unit_tests

applicable if count(input.files.languages) > 0

violation contains {"msg": msg} if {
	count(input.tests.files) == 0
	input.tests.count == 0
	msg := sprintf("no test sources found for %s", [concat(", ", input.files.languages)])
}
