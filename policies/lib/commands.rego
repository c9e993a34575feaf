# METADATA
# title: Command matching
# description: |
#   Recognises tools in shell command lines. A tool is described by a table
#   entry from its command word (the program name: "go", "mvnw", "jest") to
#   a regular expression for the invocation, matched as a whole command
#   word: at the start of the line or after whitespace, a shell operator, a
#   quote or a slash (node_modules/.bin/jest, ./gradlew), and followed by
#   whitespace, a shell operator, a version (`go run .../govulncheck@v1.1.3`,
#   `npx eslint@9`) or the end of the line, so that cargo test
#   is not "go test" and "jest-junit" is not jest. The command word lets
#   lib.ci run a tool's expression only on lines that contain the word: a
#   large repository has thousands of command lines, and a regular
#   expression per line per tool would not finish in time.
package score.lib.commands

# start and end delimit a command word.
start := `(^|[\s;&|(/"'=])`

end := `($|[\s;&|)"'@])`

# word(re) is re as a whole command word.
word(re) := concat("", [start, "(", re, ")", end])

# matches(table, run) holds when run contains a key of table and the
# table's regular expression for that key matches run as a command word.
matches(table, run) if {
	some w, re in table
	contains(run, w)
	regex.match(word(re), run)
}

js_test := `(npm|pnpm|yarn|bun)(\s+(-\S+|--filter\s+\S+|--workspace\s+\S+|-w\s+\S+|workspaces))*\s+(run\s+|run-script\s+)?(test[\w:.-]*|t|tst|cit|install-test|clean-install-test)`

# sbt_test: sbt (or its thin client sbtn, or a committed sbt-extras
# launcher ./sbt) running test, testOnly or testQuick, also cross-built
# (+test) or quoted ("testOnly *Spec").
sbt_test := `sbtn?(\s+\S+)*\s+"?\+?test(Only|Quick)?`

make_test := `make(\s+\S+)*\s+(test[\w-]*|[\w-]+-tests?|check|unit[\w-]*)`

# runners run tests on their own. Maven and Gradle need their goals and
# skip flags looked at and are handled apart.
runners := {
	"go": `go\s+test`,
	"gotestsum": `gotestsum`,
	"ginkgo": `ginkgo`,
	"richgo": `richgo\s+test`,
	"npm": js_test,
	"pnpm": js_test,
	"yarn": js_test,
	"bun": js_test,
	"jest": `jest`,
	"vitest": `vitest`,
	"mocha": `mocha`,
	"ava": `ava`,
	"jasmine": `jasmine`,
	"karma": `karma\s+start`,
	"playwright": `playwright\s+test`,
	"cypress": `cypress\s+run`,
	"node": `node\s+--test`,
	"deno": `deno\s+test`,
	"ng": `ng\s+test`,
	"nx": `nx(\s+\S+)*\s+test`,
	"turbo": `turbo(\s+run)?\s+test[\w:-]*`,
	"lerna": `lerna\s+run\s+test[\w:-]*`,
	"pytest": `pytest`,
	"py.test": `py\.test`,
	"python": `python[\d.]*\s+-m\s+(pytest|unittest|nose2?)`,
	"nosetests": `nosetests`,
	"nose2": `nose2`,
	"tox": `tox`,
	"nox": `nox`,
	"manage.py": `manage\.py\s+test`,
	"hatch": `hatch\s+(run\s+)?test[\w:.-]*`,
	"coverage": `coverage\s+run`,
	"dotnet": `dotnet\s+(test|vstest)`,
	"vstest.console": `vstest\.console(\.exe)?`,
	"mix": `mix\s+test`,
	"cargo": `cargo\s+(test|nextest)`,
	"rspec": `rspec`,
	"rake": `rake(\s+\S+)*\s+(test|spec)[\w:]*`,
	"rails": `rails(\s+\S+)*\s+test(:[\w:]+)?`,
	"php": `php\s+(artisan\s+test|vendor/bin/(phpunit|pest))`,
	"phpunit": `phpunit`,
	"pest": `pest`,
	"composer": `composer\s+(run(-script)?\s+)?test`,
	"bazel": `bazel\s+test`,
	"bazelisk": `bazelisk\s+test`,
	"ctest": `ctest`,
	"swift": `swift\s+test`,
	"flutter": `flutter\s+test`,
	"dart": `dart\s+test`,
	"sbt": sbt_test,
	"sbtn": sbt_test,
	"lein": `lein\s+test`,
	"stack": `stack\s+test`,
	"cabal": `cabal\s+test`,
	"just": `just\s+test[\w:-]*`,
	"task": `task\s+test[\w:-]*`,
	"make": make_test,
}

build_tools := {"mvn", "mvnw", "gradle", "gradlew"}

# runs_tests holds when the command line runs tests.
runs_tests(run) if matches(runners, run)

runs_tests(run) if maven_runs_tests(run)

runs_tests(run) if gradle_runs_tests(run)

maven := word(`mvnw?(\.cmd)?`)

gradle := word(`gradlew?(\.bat)?`)

# maven_runs_tests: a lifecycle phase that includes the test phase (or
# surefire/failsafe goals), unless tests are skipped.
maven_runs_tests(run) if {
	regex.match(maven, run)
	regex.match(`\s([\w.-]+:){0,3}(test|verify|package|install|deploy|integration-test)($|[\s;&|)"'])`, run)
	not maven_skips_tests(run)
}

maven_skips_tests(run) if regex.match(`-D(skipTests|maven\.test\.skip)(=true)?($|\s)`, run)

# gradle_runs_tests: test, check, build or a *Test task, unless the test or
# check task is excluded with -x.
gradle_runs_tests(run) if {
	regex.match(gradle, run)
	regex.match(`\s:?([\w-]+:)*(test|check|build|test\w+|[a-z]\w*Test)($|[\s;&|)"'])`, run)
	not regex.match(`(-x|--exclude-task)[\s=]+:?([\w-]+:)*(test|check)($|\s)`, run)
}

# coverage_tools measure or upload coverage whenever they appear.
coverage_tools := {
	"go": `go\s+tool\s+cover`,
	"c8": `c8`,
	"nyc": `nyc`,
	"istanbul": `istanbul`,
	"coverage": `coverage\s+(run|xml|report|html|json|lcov|combine)`,
	"codecov": `codecov`,
	"codecovcli": `codecovcli`,
	"codecov.io": `codecov\.io/bash`,
	"coveralls": `coveralls`,
	"cargo": `cargo\s+(llvm-cov|tarpaulin)`,
	"grcov": `grcov`,
	"gcovr": `gcovr`,
	"lcov": `lcov`,
	"mix": `mix\s+coveralls[\w.]*`,
	"reportgenerator": `reportgenerator`,
	"dotnet-coverage": `dotnet-coverage`,
	"coverlet": `coverlet`,
}

# coverage_flag turns coverage on for a test run.
coverage_flag := `\s(-{1,2}(cover|coverage|cov|code-coverage|coverprofile|covermode|coverpkg)([\s=]|$)|--cov-report|--collect[:\s=]+"?XPlat Code Coverage|/p:CollectCoverage=true|-{1,2}cover(profile|mode|pkg)?=)`

# measures_coverage holds when the command line measures or uploads test
# coverage.
measures_coverage(run) if matches(coverage_tools, run)

measures_coverage(run) if {
	regex.match(coverage_flag, run)
	runs_tests(run)
}

# JaCoCo and Kover run from Maven and Gradle as goals and tasks.
measures_coverage(run) if {
	regex.match(`(?i)(jacoco|kover)`, run)
	regex.match(build_tool, run)
}

build_tool := word(`mvnw?(\.cmd)?|gradlew?(\.bat)?`)

# coverage_words are substrings of every coverage flag.
coverage_words := {"cov", "Cov"}

# jacoco_words are substrings of JaCoCo and Kover goals and tasks.
jacoco_words := {"jacoco", "Jacoco", "kover", "Kover"}
