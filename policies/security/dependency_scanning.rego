# METADATA
# title: Dependencies are scanned for vulnerabilities
# description: >-
#   Vulnerable dependencies are looked for in CI - GitLab Dependency
#   Scanning, govulncheck, OSV-Scanner, Trivy filesystem scans, Grype, Snyk,
#   FOSSA, npm/yarn/pnpm audit, pip-audit, OWASP Dependency-Check, cargo
#   audit, GitHub's dependency-review-action - so that known CVEs in
#   libraries are flagged as soon as they are published or introduced.
# custom:
#   id: security.dependency-scanning
#   category: security
#   level: silver
#   weight: 2
#   remediation: Include GitLab's `Jobs/Dependency-Scanning.gitlab-ci.yml` template (or the `dependency-scanning` component), or run a scanner such as `govulncheck ./...`, `osv-scanner -r .`, `npm audit --audit-level=high` or `pip-audit` in CI.
package score.checks.security.dependency_scanning

import data.score.lib.ci
import data.score.lib.commands
import data.score.lib.deps

runs if ci.template("Dependency-Scanning")

runs if ci.component("dependency-scanning")

runs if ci.auto_devops

runs if ci.report("dependency_scanning")

runs if ci.uses_step(`^(actions/dependency-review-action|golang/govulncheck-action|google/osv-scanner-action(/.*)?|fossas/fossa-action|pypa/gh-action-pip-audit|dependency-check/dependency-check_action|sonatype-nexus-community/.+|snyk/snyk|dependency-check-build-task)$`)

# Snyk's language actions run "snyk test" (open-source dependencies) by
# default; the docker and iac actions and "code test" scan something else.
runs if {
	some u in ci.uses
	name := ci.step_name(u.ref)
	startswith(name, "snyk/actions/")
	not regex.match(`^snyk/actions/(docker|iac)$`, name)
	not regex.match(`^(code|container|iac)(\s|$)`, object.get(u.with, "command", "test"))
}

# Trivy's action scans an image unless scan-type is fs, repo or rootfs.
runs if {
	some u in ci.uses
	ci.step_name(u.ref) == "aquasecurity/trivy-action"
	object.get(u.with, "scan-type", "image") in {"fs", "filesystem", "repo", "repository", "rootfs", "sbom"}
}

# Anchore's scan-action scans a directory or SBOM when given path or sbom.
runs if {
	some u in ci.uses
	ci.step_name(u.ref) == "anchore/scan-action"
	some key in {"path", "sbom"}
	object.get(u.with, key, "") != ""
}

tools := [
	`govulncheck`,
	`osv-scanner`,
	`trivy(\s+-\S+(\s+[^-\s]\S*)?)*\s+(fs|filesystem|repo|repository|rootfs|sbom)`,
	`grype(\s+-\S+(\s+[^-\s]\S*)?)*\s+((dir|sbom|file):\S+|\.)`,
	`snyk\s+(test|monitor)`,
	`fossa\s+(analyze|test)`,
	`(npm|pnpm|bun)\s+audit`,
	`yarn\s+(npm\s+)?audit`,
	`audit-ci`,
	`better-npm-audit`,
	`pip-audit`,
	`safety\s+(check|scan)`,
	`uv\s+audit`,
	`dependency-check(\.sh|\.bat)?`,
	`mvnw?(\s+\S+)*\s+([\w.-]+:)*(dependency-check:(check|aggregate)|ossindex:audit)`,
	`gradlew?(\s+\S+)*\s+(dependencyCheck\w*|ossIndexAudit)`,
	`dotnet\s+list(\s+\S+)*\s+package(\s+\S+)*\s+--vulnerable`,
	`(bundle[\s-]audit|bundler-audit)`,
	`cargo\s+(audit|deny)`,
	`mix\s+(deps\.audit|hex\.audit)`,
	`nancy`,
	`retire`,
	`composer\s+audit`,
	`depscan`,
]

runs if {
	some cmd in ci.commands
	some re in tools
	regex.match(commands.word(re), cmd.run)
}

# Build plugins that fail the build on vulnerable dependencies.
scanner_plugins := {
	"jvm": [`^org\.owasp:dependency-check-maven$`, `^org\.owasp\.dependencycheck`, `^org\.sonatype\.ossindex\.maven:ossindex-maven-plugin$`, `^org\.sonatype\.gradle\.plugins\.scan`],
	"nuget": [],
}

runs if {
	some d in deps.all
	deps.matches(d, scanner_plugins, "dependency_scanners")
}

violation contains ci.finding("no dependency vulnerability scanning runs in CI (GitLab Dependency Scanning, govulncheck, OSV-Scanner, Trivy fs, Grype, Snyk, npm audit, pip-audit, OWASP Dependency-Check, dependency-review-action)") if {
	not runs
}
