# METADATA
# title: CI helpers
# description: |
#   One view of what CI runs, across providers: the shell commands of every
#   job (written in the CI file or reached through Makefile targets, npm
#   scripts and repository scripts), the reusable steps (Actions, orbs,
#   plugins, tasks, pipes), GitLab includes and artifacts reports.
package score.lib.ci

import data.score.lib.paths

# actions_providers are the CI providers that run Actions workflows.
actions_providers := {"github", "forgejo", "gitea"}

# commands is every shell command CI runs: each job's own lines and the
# lines reached through Makefile targets, package.json scripts and
# repository scripts. Each keeps the path and line it was written at.
commands contains cmd if {
	some job in input.ci.jobs
	some cmd in job.commands
}

commands contains cmd if {
	some job in input.ci.jobs
	some cmd in job.reached
}

# matching(re) is the set of commands whose line matches the regular
# expression re.
matching(re) := {cmd | some cmd in commands; regex.match(re, cmd.run)}

# runs(re) holds when some CI command matches re.
runs(re) if {
	some cmd in commands
	regex.match(re, cmd.run)
}

# uses is every reusable step reference of every job.
uses contains u if {
	some job in input.ci.jobs
	some u in job.uses
}

# step_name is a uses reference without its version and in lower case:
# "actions/checkout@v4" -> "actions/checkout". A Forgejo/Gitea address such
# as "https://code.forgejo.org/actions/checkout@v4" keeps only the path.
step_name(ref) := name if {
	no_scheme := regex.replace(lower(ref), `^[a-z]+://[^/]+/`, "")
	name := regex.replace(no_scheme, `@[^@/]*$`, "")
}

# uses_step(re) holds when some reusable step's name matches re (matched
# against the lower-cased name without its version).
uses_step(re) if {
	some u in uses
	regex.match(re, step_name(u.ref))
}

# steps_matching(re) is the set of uses entries whose name matches re.
steps_matching(re) := {u | some u in uses; regex.match(re, step_name(u.ref))}

# includes(re) holds when a GitLab include's location (template name, file,
# URL or component address) matches re.
includes(re) if {
	some inc in input.ci.gitlab_includes
	regex.match(re, inc.location)
}

# component(name) holds when a GitLab CI/CD component called name is
# included, e.g. "$CI_SERVER_FQDN/components/sast/sast@1.0".
component(name) if {
	some inc in input.ci.gitlab_includes
	inc.kind == "component"
	regex.match(sprintf(`(?i)/%s(@[^/]*)?$`, [name]), inc.location)
}

# template(name) holds when a GitLab CI template (or a copy of one fetched
# by project or remote include) named "<name>.gitlab-ci.yml" is included,
# with or without its "Security/" or "Jobs/" folder and ".latest" variant.
template(name) if {
	some inc in input.ci.gitlab_includes
	regex.match(sprintf(`(?i)(^|/)%s(\.latest)?\.gitlab-ci\.yml$`, [name]), inc.location)
}

# auto_devops holds when GitLab Auto DevOps is included: it brings SAST,
# secret detection, dependency and container scanning and code quality.
auto_devops if template("Auto-DevOps")

# report(kind) holds when some GitLab job publishes artifacts:reports:kind.
report(kind) if {
	some job in input.ci.jobs
	kind in job.reports
}

# primary_config is the shallowest CI configuration file, the place a
# repository-wide CI finding points at. Undefined without CI.
primary_config := paths.rootmost({c.path | some c in input.ci.configs})

# finding returns a violation with msg that points at the primary CI
# configuration when there is one.
finding(msg) := {"msg": msg, "path": primary_config}

finding(msg) := {"msg": msg} if not primary_config
