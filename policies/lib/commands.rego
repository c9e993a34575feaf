# METADATA
# title: Command matching
# description: |
#   Regular expressions that recognise test runs and coverage measurement in
#   a shell command line. A tool is matched as a command word: at the start
#   of the line or after whitespace, a shell operator, a quote or a slash
#   (node_modules/.bin/jest, ./gradlew), and followed by whitespace, a shell
#   operator or the end of the line, so that cargo test is not "go test" and
#   "jest-junit" is not jest.
package score.lib.commands

# start and end delimit a command word.
start := `(^|[\s;&|(/"'=])`

end := `($|[\s;&|)"'])`

# word(re) is re as a whole command word.
word(re) := concat("", [start, "(", re, ")", end])

# runner_patterns are commands that run tests on their own. Maven and Gradle
# need their goals and skip flags looked at and are handled apart.
runner_patterns := [
	`go\s+test`,
	`gotestsum`,
	`ginkgo`,
	`richgo\s+test`,
	`(npm|pnpm|yarn|bun)(\s+(-\S+|--filter\s+\S+|--workspace\s+\S+|-w\s+\S+|workspaces))*\s+(run\s+|run-script\s+)?(test[\w:.-]*|t|tst|cit|install-test|clean-install-test)`,
	`jest`,
	`vitest`,
	`mocha`,
	`ava`,
	`jasmine`,
	`karma\s+start`,
	`playwright\s+test`,
	`cypress\s+run`,
	`node\s+--test`,
	`deno\s+test`,
	`ng\s+test`,
	`nx(\s+\S+)*\s+test`,
	`turbo(\s+run)?\s+test[\w:-]*`,
	`lerna\s+run\s+test[\w:-]*`,
	`pytest`,
	`py\.test`,
	`python[\d.]*\s+-m\s+(pytest|unittest|nose2?)`,
	`nosetests`,
	`nose2`,
	`tox`,
	`nox`,
	`manage\.py\s+test`,
	`hatch\s+(run\s+)?test[\w:.-]*`,
	`coverage\s+run`,
	`dotnet\s+(test|vstest)`,
	`vstest\.console(\.exe)?`,
	`mix\s+test`,
	`cargo\s+(test|nextest)`,
	`rspec`,
	`rake(\s+\S+)*\s+(test|spec)[\w:]*`,
	`rails\s+test`,
	`phpunit`,
	`pest`,
	`composer\s+(run(-script)?\s+)?test`,
	`bazel(isk)?\s+test`,
	`ctest`,
	`swift\s+test`,
	`(flutter|dart)\s+test`,
	`sbt(\s+\S+)*\s+"?test(Only)?`,
	`lein\s+test`,
	`(stack|cabal)\s+test`,
	`(just|task)\s+test[\w:-]*`,
	`make(\s+\S+)*\s+(test[\w-]*|[\w-]+-tests?|check|unit[\w-]*)`,
]

# runs_tests holds when the command line runs tests.
runs_tests(run) if {
	some re in runner_patterns
	regex.match(word(re), run)
}

runs_tests(run) if maven_runs_tests(run)

runs_tests(run) if gradle_runs_tests(run)

# maven_runs_tests: a lifecycle phase that includes the test phase (or
# surefire/failsafe goals), unless tests are skipped.
maven_runs_tests(run) if {
	regex.match(word(`mvnw?(\.cmd)?`), run)
	regex.match(`\s([\w.-]+:){0,3}(test|verify|package|install|deploy|integration-test)($|[\s;&|)"'])`, run)
	not maven_skips_tests(run)
}

maven_skips_tests(run) if regex.match(`-D(skipTests|maven\.test\.skip)(=true)?($|\s)`, run)

# gradle_runs_tests: test, check, build or a *Test task, unless the test or
# check task is excluded with -x.
gradle_runs_tests(run) if {
	regex.match(word(`gradlew?(\.bat)?`), run)
	regex.match(`\s:?([\w-]+:)*(test|check|build|test\w+|[a-z]\w*Test)($|[\s;&|)"'])`, run)
	not regex.match(`(-x|--exclude-task)[\s=]+:?([\w-]+:)*(test|check)($|\s)`, run)
}

# coverage_tools measure or upload coverage whenever they appear.
coverage_tools := [
	`go\s+tool\s+cover`,
	`c8`,
	`nyc`,
	`istanbul`,
	`coverage\s+(run|xml|report|html|json|lcov|combine)`,
	`codecov(cli)?`,
	`codecov\.io/bash`,
	`coveralls`,
	`cargo\s+(llvm-cov|tarpaulin)`,
	`grcov`,
	`gcovr`,
	`lcov`,
	`mix\s+coveralls[\w.]*`,
	`reportgenerator`,
	`dotnet-coverage`,
	`coverlet`,
]

# coverage_flags turn coverage on for a test run.
coverage_flag := `\s(-{1,2}(cover|coverage|cov|code-coverage|coverprofile|covermode|coverpkg)([\s=]|$)|--cov-report|--collect[:\s=]+"?XPlat Code Coverage|/p:CollectCoverage=true|-{1,2}cover(profile|mode|pkg)?=)`

# measures_coverage holds when the command line measures or uploads test
# coverage.
measures_coverage(run) if {
	some re in coverage_tools
	regex.match(word(re), run)
}

measures_coverage(run) if {
	runs_tests(run)
	regex.match(coverage_flag, run)
}

# JaCoCo and Kover run from Maven and Gradle as goals and tasks.
measures_coverage(run) if regex.match(`(?i)(jacoco|kover)`, run)
