# METADATA
# title: SAST runs in CI
# description: >-
#   Static application security testing runs in CI - the GitLab SAST
#   template or component, CodeQL, Semgrep, gosec, Bandit, SonarQube or
#   SonarCloud, Snyk Code, Brakeman, ... - so that injection flaws and
#   other insecure code are flagged in the merge request.
# custom:
#   id: security.sast
#   category: security
#   level: silver
#   weight: 2
#   remediation: Include GitLab's `Jobs/SAST.gitlab-ci.yml` template (or the `sast` component), or add a CodeQL or Semgrep workflow.
package score.checks.security.sast

import data.score.lib.ci
import data.score.lib.commands

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

tools := [
	`semgrep(\s+(scan|ci))?`,
	`opengrep`,
	`gosec`,
	`bandit`,
	`sonar-scanner`,
	`dotnet\s+sonarscanner`,
	`mvnw?(\s+\S+)*\s+([\w.-]+:)*sonar:sonar`,
	`gradlew?(\s+\S+)*\s+(sonar|sonarqube)`,
	`snyk\s+code\s+test`,
	`codeql\s+database`,
	`brakeman`,
	`njsscan`,
	`horusec\s+start`,
	`bearer\s+scan`,
	`spotbugs.*find-sec-bugs|findsecbugs`,
]

runs if {
	some cmd in ci.commands
	some re in tools
	regex.match(commands.word(re), cmd.run)
}

violation contains ci.finding("no SAST runs in CI (GitLab SAST, CodeQL, Semgrep, gosec, Bandit, Sonar, Snyk Code)") if {
	not runs
}
