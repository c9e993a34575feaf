# METADATA
# title: Dependencies are scanned for vulnerabilities
# description: >-
#   Vulnerable dependencies are looked for in CI - GitLab Dependency
#   Scanning, govulncheck, OSV-Scanner, Trivy filesystem scans, Grype, Snyk,
#   FOSSA, npm/yarn/pnpm audit, pip-audit, OWASP Dependency-Check (Maven,
#   Gradle and sbt plugins or tasks), cargo
#   audit or cargo deny, bundler-audit, composer audit, mix deps.audit
#   (mix_audit), dotnet list package --vulnerable or NuGet audit whose
#   warnings fail the build of a CI restore, GitHub's
#   dependency-review-action - so that known CVEs in libraries are flagged
#   as soon as they are published or introduced. roave/security-advisories
#   does not count: it only refuses vulnerable versions when dependencies
#   are changed, and never reports a newly published advisory against the
#   locked versions.
# custom:
#   id: security.dependency-scanning
#   category: security
#   level: silver
#   weight: 2
#   remediation: Include GitLab's `Jobs/Dependency-Scanning.gitlab-ci.yml` template (or the `dependency-scanning` component), or run a scanner such as `govulncheck ./...`, `osv-scanner -r .`, `npm audit --audit-level=high` or `pip-audit` in CI.
package score.checks.security.dependency_scanning

import data.score.lib.ci
import data.score.lib.deps
import data.score.lib.fixes

# A shared pipeline the platform config says does it.
runs if ci.provided("security.dependency-scanning")

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

maven_check := `mvnw?(\.cmd)?(\s+\S+)*\s+([\w.-]+:)*(dependency-check(-maven)?(:[\w.-]+)?:(check|aggregate)|ossindex(-maven-plugin)?(:[\w.-]+)?:audit)`

gradle_check := `gradlew?(\.bat)?(\s+\S+)*\s+:?(dependencyCheck\w*|ossIndexAudit)`

js_audit := `(npm|pnpm|bun)\s+audit`

bundle_audit := `(bundle\s+(exec\s+)?)?(bundle-audit|bundler-audit|bundle\s+audit)`

# Dependency scanners run as commands, by command word.
tools := {
	"govulncheck": `govulncheck`,
	"osv-scanner": `osv-scanner`,
	"trivy": `trivy(\s+-\S+(\s+[^-\s]\S*)?)*\s+(fs|filesystem|repo|repository|rootfs|sbom)`,
	"grype": `grype(\s+-\S+(\s+[^-\s]\S*)?)*\s+((dir|sbom|file):\S+|\.)`,
	"snyk": `snyk\s+(test|monitor)`,
	"fossa": `fossa\s+(analyze|test)`,
	"npm": js_audit,
	"pnpm": js_audit,
	"bun": js_audit,
	"yarn": `yarn\s+(npm\s+)?audit`,
	"audit-ci": `audit-ci`,
	"better-npm-audit": `better-npm-audit`,
	"pip-audit": `pip-audit`,
	"safety": `safety\s+(check|scan)`,
	"dependency-check": `dependency-check`,
	"dependency-check.sh": `dependency-check\.sh`,
	"dependency-check.bat": `dependency-check\.bat`,
	"mvn": maven_check,
	"mvnw": maven_check,
	"gradle": gradle_check,
	"gradlew": gradle_check,
	"sbt": `sbtn?(\s+\S+)*\s+"?dependencyCheck\w*`,
	"sbtn": `sbtn?(\s+\S+)*\s+"?dependencyCheck\w*`,
	"dotnet": `dotnet\s+list(\s+\S+)*\s+package(\s+\S+)*\s+--vulnerable.*`,
	"bundle": bundle_audit,
	"bundle-audit": bundle_audit,
	"bundler-audit": bundle_audit,
	"cargo": `cargo\s+(audit|deny)`,
	"mix": `mix\s+(deps\.audit|hex\.audit)`,
	"nancy": `nancy`,
	"retire": `retire`,
	"composer": `composer\s+audit`,
	"depscan": `depscan`,
}

runs if ci.runs(tools)

# Build plugins that fail the build on vulnerable dependencies.
scanner_plugins := {
	"jvm": [`^net\.vonbuchholtz:sbt-dependency-check$`, `^org\.owasp:dependency-check-maven$`, `^org\.owasp\.dependencycheck`, `^org\.sonatype\.ossindex\.maven:ossindex-maven-plugin$`, `^org\.sonatype\.gradle\.plugins\.scan`],
	"nuget": [],
}

runs if count(deps.any_matching(scanner_plugins, "dependency_scanners")) > 0

# NuGet audit (on by default since .NET 8) checks packages against the
# advisory database at every restore, but only warns: it counts when its
# warnings fail the build (TreatWarningsAsErrors, or NU1901-NU1904 in
# WarningsAsErrors) and CI restores or builds.
runs if {
	some m in input.dependencies.manifests
	m.ecosystem == "nuget"
	props := object.get(m, "properties", {})
	lower(object.get(props, "NuGetAudit", "true")) != "false"
	nuget_audit_fails_build(props)
	ci.runs({"dotnet": `dotnet\s+(restore|build|test|publish|pack)`})
}

nuget_audit_fails_build(props) if lower(object.get(props, "TreatWarningsAsErrors", "")) == "true"

nuget_audit_fails_build(props) if regex.match(`(?i)(NU190[1-4]|NuGetAudit)`, object.get(props, "WarningsAsErrors", ""))

violation contains ci.finding("no dependency vulnerability scanning runs in CI (GitLab Dependency Scanning, govulncheck, OSV-Scanner, Trivy fs, Grype, Snyk, npm audit, pip-audit, OWASP Dependency-Check, dependency-review-action)") if {
	not runs
}

# `score fix` includes GitLab's template in .gitlab-ci.yml, or adds a
# workflow running the matching tool on GitHub Actions.
fix contains {"edit": "gitlab-ci.include", "path": fixes.gitlab_ci_path, "value": {"template": "Jobs/Dependency-Scanning.gitlab-ci.yml"}} if {
	fixes.gitlab_ci
}

fix contains {"create": ".github/workflows/dependency-review.yml", "template": "actions-dependency-review", "note": "dependency-review-action needs the dependency graph, on by default for public repositories"} if {
	fixes.actions
}
