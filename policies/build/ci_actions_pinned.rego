# METADATA
# title: Reusable CI steps are pinned
# description: >-
#   Every Actions step or reusable workflow from outside the repository
#   (GitHub's own actions/* included) is pinned to a full 40-character commit
#   SHA and every docker:// step to an image digest, because tags and
#   branches can be moved to run different code with the job's token. GitLab
#   project includes need a ref that is a version tag or a SHA (not missing,
#   not a branch), components a fixed version (not ~latest, not a branch),
#   and remote includes a URL with a version or SHA in it; local and
#   template includes are fine. Skipped when there is nothing to pin.
# custom:
#   id: build.ci-actions-pinned
#   category: build
#   level: gold
#   weight: 1
#   remediation: >-
#     Pin actions to a full commit SHA with the version in a comment
#     (`uses: actions/checkout@<sha> # v4.2.2`), and give GitLab includes a
#     version tag or SHA (`ref: v1.4.0`, `component@1.4.0`); Renovate and
#     Dependabot keep such pins current.
package score.checks.build.ci_actions_pinned

import data.score.lib.ci
import data.score.lib.refs

# steps are the Actions uses: references from outside the repository.
steps contains u if {
	some job in input.ci.jobs
	job.provider in ci.actions_providers
	some u in job.uses
	not startswith(u.ref, "./")
}

# calls are reusable-workflow calls (jobs.<id>.uses) not already listed as
# steps.
calls contains {"ref": j.uses_workflow, "path": w.path, "line": j.line} if {
	some w in input.ci.workflows
	some j in w.jobs
	j.uses_workflow != ""
	not startswith(j.uses_workflow, "./")
	not listed(w.path, j.uses_workflow)
}

listed(p, ref) if {
	some u in steps
	u.path == p
	u.ref == ref
}

includes contains inc if {
	some inc in input.ci.gitlab_includes
	inc.kind in {"project", "remote", "component"}
}

applicable if (count(steps) + count(calls)) + count(includes) > 0

violation contains {"msg": step_problem(u.ref), "path": u.path, "line": u.line} if {
	some u in (steps | calls)
}

violation contains {"msg": include_problem(inc), "path": inc.path, "line": inc.line} if {
	some inc in includes
}

# version is what follows the last "@" of a reference ("" without one).
version(ref) := parts[count(parts) - 1] if {
	parts := split(ref, "@")
	count(parts) > 1
} else := ""

step_problem(ref) := sprintf("%s is not pinned to an image digest (@sha256:...)", [ref]) if {
	startswith(ref, "docker://")
	not regex.match(`@sha256:[0-9a-f]{64}$`, ref)
} else := sprintf("%s has no version; pin it to a full commit SHA", [ref]) if {
	not startswith(ref, "docker://")
	version(ref) == ""
} else := sprintf("%s is pinned to %q, which can be moved; pin it to a full 40-character commit SHA", [ref, version(ref)]) if {
	not startswith(ref, "docker://")
	v := version(ref)
	v != ""
	not refs.full_sha(v)
}

ref_of(inc) := object.get(inc, "ref", "")

version_of(inc) := object.get(inc, "version", "")

include_problem(inc) := sprintf("include of %s from project %s has no ref, so it follows the default branch", [inc.location, object.get(inc, "project", "")]) if {
	inc.kind == "project"
	ref_of(inc) == ""
} else := sprintf("include of %s from project %s uses ref %q, a branch; use a version tag or a commit SHA", [inc.location, object.get(inc, "project", ""), ref_of(inc)]) if {
	inc.kind == "project"
	not refs.fixed(ref_of(inc))
} else := sprintf("component %s has no version; use a fixed version such as @1.2.0", [inc.location]) if {
	inc.kind == "component"
	version_of(inc) == ""
} else := sprintf("component %s uses version %q, which moves; use a fixed version such as @1.2.0", [inc.location, version_of(inc)]) if {
	inc.kind == "component"
	not refs.fixed(version_of(inc))
} else := sprintf("remote include %s has no version or commit SHA in its URL, so its content can change", [inc.location]) if {
	inc.kind == "remote"
	not refs.url_pinned(inc.location)
}

# Pinning needs each tag's commit from GitHub: `score fix` says so rather
# than invent one.
fix contains {"manual": "pinning actions to commit SHAs needs each tag's commit from GitHub (`gh api repos/OWNER/REPO/commits/TAG`, or Renovate's helpers:pinGitHubActionDigests)"}
