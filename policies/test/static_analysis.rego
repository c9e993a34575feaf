# METADATA
# title: Static analysis runs
# description: >-
#   A linter or static analyser is configured or run - golangci-lint, go
#   vet, staticcheck, ESLint, Biome, oxlint, Checkstyle, SpotBugs, PMD,
#   Error Prone, detekt, ktlint (ktlintCheck, the Gradle plugins, the CLI
#   without --format), scalafix, WartRemover, Ruff, Flake8, Pylint, mypy,
#   pyright, clippy, RuboCop or Standard, PHPStan or Psalm, Credo or
#   Dialyzer, Sonar, GitLab Code Quality, ... - so that whole classes of
#   bugs are caught before review. For .NET: analyzer packages (StyleCop,
#   SonarAnalyzer, Roslynator, ...), or in a project or
#   Directory.Build.props AnalysisMode/AnalysisLevel All or Recommended,
#   EnforceCodeStyleInBuild, or EnableNETAnalyzers with
#   TreatWarningsAsErrors. Formatters alone (gofmt, Prettier, Black,
#   Spotless, ruff format, php-cs-fixer) do not count.
# custom:
#   id: test.static-analysis
#   category: test
#   level: silver
#   weight: 2
#   remediation: Run a linter in CI, for example `golangci-lint run`, `npx eslint .`, `ruff check .` or the Checkstyle/SpotBugs plugins, or include GitLab's `Jobs/Code-Quality.gitlab-ci.yml` template.
package score.checks.test.static_analysis

import data.score.lib.ci
import data.score.lib.deps

# Tool configuration files that configure a linter (formatters such as
# prettier, editorconfig, black or spotless are not listed).
linter_configs := {
	"golangci-lint", "staticcheck", "revive", "eslint", "biome", "oxlint", "tslint", "stylelint",
	"checkstyle", "spotbugs", "findbugs", "pmd", "detekt", "ktlint", "errorprone", "sonar",
	"ruff", "flake8", "pylint", "mypy", "pyright", "bandit", "pyre", "rubocop", "clippy",
	"phpstan", "psalm", "credo", "swiftlint", "stylecop", "roslynator", "scalastyle", "scalafix",
	"megalinter", "super-linter", "trunk", "qodana",
}

# A shared pipeline the platform config says does it.
analysed if ci.provided("test.static-analysis")

analysed if {
	some c in input.security.configs
	lower(c.tool) in linter_configs
}

js_lint := `(npm|pnpm|yarn|bun)\s+(run\s+)?lint[\w:-]*`

maven_lint := `mvnw?(\.cmd)?(\s+\S+)*\s+([\w.-]+:)*(checkstyle|spotbugs|pmd|sonar):\w+`

gradle_lint := `gradlew?(\.bat)?(\s+\S+)*\s+:?([\w-]+:)*(checkstyle\w*|spotbugs\w*|pmd\w*|detekt|ktlintCheck|lint\w*|sonar\w*)`

# Linters run as commands, by command word (ruff format and biome format
# are formatters and are left out below).
linters := {
	"golangci-lint": `golangci-lint`,
	"go": `go\s+vet`,
	"staticcheck": `staticcheck`,
	"revive": `revive`,
	"gosec": `gosec`,
	"eslint": `eslint`,
	"biome": `biome\s+(lint|check|ci)`,
	"oxlint": `oxlint`,
	"tslint": `tslint`,
	"tsc": `tsc(\s+\S+)*\s+--noEmit`,
	"next": `next\s+lint`,
	"ng": `ng\s+lint`,
	"nx": `nx(\s+\S+)*\s+lint`,
	"npm": js_lint,
	"pnpm": js_lint,
	"yarn": js_lint,
	"bun": js_lint,
	"make": `make(\s+\S+)*\s+lint[\w-]*`,
	"task": `task(\s+\S+)*\s+lint[\w-]*`,
	"just": `just(\s+\S+)*\s+lint[\w-]*`,
	"ruff": `ruff`,
	"flake8": `flake8`,
	"pylint": `pylint`,
	"mypy": `mypy`,
	"pyright": `pyright`,
	"prospector": `prospector`,
	"pylama": `pylama`,
	"python": `python[\d.]*\s+-m\s+(ruff|flake8|pylint|mypy)`,
	"mvn": maven_lint,
	"mvnw": maven_lint,
	"mvnw.cmd": maven_lint,
	"gradle": gradle_lint,
	"gradlew": gradle_lint,
	"gradlew.bat": gradle_lint,
	"dotnet": `dotnet\s+(build\s.*-warnaserror.*|sonarscanner)`,
	"cargo": `cargo\s+clippy`,
	"rubocop": `rubocop`,
	"mix": `mix\s+(credo|dialyzer)`,
	"standardrb": `standardrb`,
	"sbt": `sbt(\s+\S+)*\s+"?(scalafix|scalastyle)\w*`,
	"rake": `rake(\s+\S+)*\s+(rubocop|standard)`,
	"phpstan": `phpstan`,
	"psalm": `psalm`,
	"swiftlint": `swiftlint`,
	"ktlint": `ktlint`,
	"sonar-scanner": `sonar-scanner`,
	"qodana": `qodana`,
	"trunk": `trunk\s+check`,
}

# Formatter modes: ruff format, biome format and ktlint --format/-F
# rewrite files and report nothing.
analysed if {
	some cmd in ci.running(linters)
	not regex.match(`(^|\s)(ruff|biome)\s+format`, cmd.run)
	not regex.match(`(^|[\s/])ktlint(\s+\S+)*\s+(-F|--format)($|\s)`, cmd.run)
}

analysed if ci.report("codequality")

analysed if ci.template("Code-Quality")

analysed if ci.component("code-quality")

analysed if ci.auto_devops

analysed if ci.uses_step(`^(golangci/golangci-lint-action|dominikh/staticcheck-action|reviewdog/.+|github/super-linter(/.*)?|super-linter/super-linter(/.*)?|oxsecurity/megalinter(/.*)?|wearerequired/lint-action|astral-sh/ruff-action|chartboost/ruff-action|sonarsource/.+|jetbrains/qodana-action|trunk-io/trunk-action|ataylorme/eslint-annotate-action)$`)

# pre-commit hooks that lint.
linter_hooks := `^(golangci-lint(-full|-repo-mod|-fmt)?|go-vet(-mod|-repo-mod)?|go-staticcheck(-mod|-repo-mod)?|staticcheck|eslint|biome-(lint|check|ci)|oxlint|ruff(-check)?|flake8|pylint|mypy|pyright|rubocop|clippy|cargo-check|ktlint|detekt|trunk(-check)?)$`

analysed if {
	some hook in input.security.pre_commit
	regex.match(linter_hooks, lower(hook.id))
}

# Linters and analysers among dependencies and build plugins.
linter_deps := {
	"go": [`^github\.com/golangci/golangci-lint`, `^honnef\.co/go/tools$`, `^github\.com/mgechev/revive$`],
	"jvm": [
		`checkstyle`, `spotbugs`, `(^|[:.-])pmd($|[:.-])`, `errorprone`, `error_prone`, `detekt`,
		`ktlint`, `^org\.jmailen\.kotlinter`, `(^|[:.])sonar(qube)?($|[:.-])`, `sonar-maven-plugin`, `nullaway`,
		`:sbt-scalafix$`, `:sbt-wartremover$`, `:scalastyle-sbt-plugin$`,
	],
	"npm": [`^eslint$`, `^@biomejs/biome$`, `^oxlint$`, `^tslint$`, `^xo$`, `^standard$`, `^@nx/eslint`, `^@angular-eslint/`, `^@typescript-eslint/`],
	"pypi": [`^(ruff|flake8|pylint|mypy|pyright|prospector|pylama|wemake-python-styleguide|pyflakes|pycodestyle|basedpyright)$`],
	"nuget": [`^stylecop\.analyzers$`, `^sonaranalyzer\.`, `^roslynator\.`, `^microsoft\.codeanalysis\.(net|fxcop)analyzers$`, `^meziantou\.analyzer$`, `\.analyzers$`],
	"rubygems": [`^rubocop$`, `^rubocop-`, `^standard$`],
	"composer": [`^phpstan/phpstan$`, `^vimeo/psalm$`, `^(larastan|nunomaduro)/larastan$`],
	"hex": [`^credo$`, `^dialyxir$`],
}

analysed if count(deps.any_matching(linter_deps, "linters")) > 0

# .NET SDK analyzers raised above their default set (AnalysisMode or
# AnalysisLevel All/Recommended), code style enforced in the build, or
# analyzer warnings made build errors, in a project or
# Directory.Build.props.
analysed if {
	some m in input.dependencies.manifests
	m.ecosystem == "nuget"
	msbuild_analysis(object.get(m, "properties", {}))
}

msbuild_analysis(props) if regex.match(`(?i)^(all|recommended)$`, object.get(props, "AnalysisMode", ""))

msbuild_analysis(props) if regex.match(`(?i)-(all|recommended)$`, object.get(props, "AnalysisLevel", ""))

msbuild_analysis(props) if lower(object.get(props, "EnforceCodeStyleInBuild", "")) == "true"

msbuild_analysis(props) if {
	lower(object.get(props, "EnableNETAnalyzers", "")) == "true"
	lower(object.get(props, "TreatWarningsAsErrors", object.get(props, "CodeAnalysisTreatWarningsAsErrors", ""))) == "true"
}

violation contains ci.finding("no linter or static analyser is configured or run (formatters alone do not count)") if {
	not analysed
}
