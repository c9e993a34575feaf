# METADATA
# title: CI tokens have restricted permissions
# description: >-
#   Every Actions workflow (GitHub, Forgejo, Gitea) declares `permissions`
#   at the top level or in every job, and none uses write-all, so that a
#   compromised step or dependency gets a token that can do as little as
#   possible instead of the repository's default. `permissions` set to an
#   empty map and read-all are fine. Skipped without Actions workflows.
# custom:
#   id: security.ci-token-permissions
#   category: security
#   level: gold
#   weight: 1
#   remediation: >-
#     Add `permissions: contents: read` at the top of each workflow and grant
#     further scopes (for example `packages: write`) only to the jobs that
#     need them; never use `write-all`.
package score.checks.security.ci_token_permissions

applicable if count(input.ci.workflows) > 0

# Workflows with a top-level permissions block restrict every job that
# does not widen it; only write-all is flagged.
violation contains {"msg": msg, "path": w.path, "line": w.permissions.line} if {
	some w in input.ci.workflows
	w.permissions.scalar == "write-all"
	msg := sprintf("workflow %s grants write-all permissions to its token", [name(w)])
}

violation contains {"msg": msg, "path": w.path, "line": line} if {
	some w in input.ci.workflows
	some j in w.jobs
	j.permissions.scalar == "write-all"
	msg := sprintf("job %s grants write-all permissions to its token", [j.name])
	line := job_permissions_line(j)
}

# Without a top-level block, every job must declare its own.
violation contains {"msg": msg, "path": w.path, "line": j.line} if {
	some w in input.ci.workflows
	not w.permissions
	some j in w.jobs
	not j.permissions
	msg := sprintf("job %s has no permissions block and the workflow sets none, so its token gets the repository's default permissions", [j.name])
}

name(w) := w.name if {
	w.name != ""
} else := w.path

job_permissions_line(j) := j.permissions.line if {
	j.permissions.line > 0
} else := j.line

# `score fix` adds a read-only top-level permissions block to each Actions
# workflow that has none and a job without its own.
fix contains {"edit": "actions.permissions", "path": w.path, "value": {"contents": "read"}} if {
	some w in input.ci.workflows
	not w.permissions
	some j in w.jobs
	not j.permissions
}
