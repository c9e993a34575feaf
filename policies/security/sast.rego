# METADATA
# title: SAST runs in CI
# description: >-
#   Static application security testing runs in CI - the GitLab SAST
#   template or component, CodeQL, Semgrep, gosec (also as a linter enabled
#   in the golangci-lint configuration of a golangci-lint run), Bandit,
#   SonarQube or SonarCloud, Snyk Code, Brakeman for Rails, Sobelow for
#   Phoenix, Psalm with --taint-analysis for PHP, ... - so that injection
#   flaws and other insecure code are flagged in the merge request.
# custom:
#   id: security.sast
#   category: security
#   level: silver
#   weight: 2
#   remediation: Include GitLab's `Jobs/SAST.gitlab-ci.yml` template (or the `sast` component), or add a CodeQL or Semgrep workflow.
package score.checks.security.sast

import data.score.lib.ci
import data.score.lib.fixes

# A shared pipeline the platform config says does it.
runs if ci.provided("security.sast")

runs if ci.template("SAST")

runs if ci.component("sast")

runs if ci.auto_devops

runs if ci.report("sast")

runs if ci.uses_step(`^(github/codeql-action/(init|analyze|autobuild)|(returntocorp|semgrep)/semgrep-action|securego/gosec|pycqa/bandit-action|mdegis/bandit-action|sonarsource/.+|snyk/actions/.+/code|shiftleftsecurity/scan-action|bearer/bearer-action|checkmarx/(ast-github-action|checkmarx-ast-github-action)|appthreat/sast-scan-action)$`)

# Snyk's actions run "snyk test" unless told to run "snyk code test".
runs if {
	some u in ci.uses
	startswith(ci.step_name(u.ref), "snyk/actions/")
	regex.match(`^code(\s|$)`, object.get(u.with, "command", ""))
}

maven_sonar := `mvnw?(\.cmd)?(\s+\S+)*\s+([\w.-]+:)*sonar:sonar`

gradle_sonar := `gradlew?(\.bat)?(\s+\S+)*\s+:?(sonar|sonarqube)`

# SAST tools run as commands, by command word.
tools := {
	"semgrep": `semgrep`,
	"opengrep": `opengrep`,
	"gosec": `gosec`,
	"bandit": `bandit`,
	"sonar-scanner": `sonar-scanner`,
	"dotnet": `dotnet\s+sonarscanner`,
	"mvn": maven_sonar,
	"mvnw": maven_sonar,
	"gradle": gradle_sonar,
	"gradlew": gradle_sonar,
	"snyk": `snyk\s+code\s+test`,
	"codeql": `codeql\s+database`,
	"brakeman": `brakeman`,
	"njsscan": `njsscan`,
	"horusec": `horusec\s+start`,
	"bearer": `bearer\s+scan`,
	"sobelow": `sobelow`,
	"mix": `mix\s+sobelow`,
	"psalm": `psalm(\s+\S+)*\s+--taint-analysis`,
}

runs if ci.runs(tools)

# gosec enabled in the golangci-lint configuration, with golangci-lint run
# in CI (as a command or its action).
runs if {
	some c in input.security.configs
	c.tool == "golangci-lint:gosec"
	golangci_lint_runs
}

golangci_lint_runs if ci.runs({"golangci-lint": `golangci-lint(\s+\S+)*\s+run`})

golangci_lint_runs if ci.uses_step(`^golangci/golangci-lint-action$`)

violation contains ci.finding("no SAST runs in CI (GitLab SAST, CodeQL, Semgrep, gosec, Bandit, Sonar, Snyk Code)") if {
	not runs
}

# `score fix` includes GitLab's template in .gitlab-ci.yml, or adds a
# workflow running the matching tool on GitHub Actions.
fix contains {"edit": "gitlab-ci.include", "path": fixes.gitlab_ci_path, "value": {"template": "Jobs/SAST.gitlab-ci.yml"}} if {
	fixes.gitlab_ci
}

fix contains {"create": ".github/workflows/codeql.yml", "template": "actions-codeql", "value": {"languages": sort(codeql_languages)}} if {
	fixes.actions
	count(codeql_languages) > 0
}

# codeql_languages are the repository's languages CodeQL analyses.
codeql_language := {
	"go": "go", "javascript": "javascript-typescript", "typescript": "javascript-typescript",
	"python": "python", "java": "java-kotlin", "kotlin": "java-kotlin", "csharp": "csharp",
	"ruby": "ruby", "c": "c-cpp", "cpp": "c-cpp", "swift": "swift",
}

codeql_languages := {l | some lang in input.files.languages; l := codeql_language[lang]}
