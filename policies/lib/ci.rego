# METADATA
# title: CI helpers
# description: |
#   One view of what CI runs, across providers: the shell commands of every
#   job (written in the CI file or reached through Makefile targets, npm
#   scripts and repository scripts), the reusable steps (Actions, orbs,
#   plugins, tasks, pipes), GitLab includes and artifacts reports.
package score.lib.ci

import data.score.lib.commands as commands_lib
import data.score.lib.config
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

# text is every command line, one per line, to look for a word in once
# rather than line by line.
text := concat("\n", [cmd.run | some cmd in commands])

# candidates(words) is the set of commands whose line contains one of
# words, as a substring: the caller's regular expression decides.
candidates(words) := {cmd |
	some w in words
	contains(text, w)
	some cmd in commands
	contains(cmd.run, w)
}

# running(table) is the set of commands that match a lib.commands table
# (command word -> regular expression). Each expression runs only on the
# lines that have its word: looked up in the collectors' word index
# (input.ci.command_words) when the facts have one, otherwise on the lines
# that contain the word.
running(table) := {cmd |
	index := input.ci.command_words
	some w, re in table
	some cmd in index[w]
	regex.match(commands_lib.word(re), cmd.run)
} if {
	indexed
	by_table(table)
} else := {cmd |
	some w, cmds in input.ci.command_words
	re := table[w]
	pattern := commands_lib.word(re)
	some cmd in cmds
	regex.match(pattern, cmd.run)
} if {
	indexed
} else := {cmd |
	text != ""
	some w, re in table
	contains(text, w)
	pattern := commands_lib.word(re)
	some cmd in commands
	contains(cmd.run, w)
	regex.match(pattern, cmd.run)
}

# runs(table) holds when some CI command matches a lib.commands table. It
# is written apart from running(table) so that evaluation stops at the first
# matching line (a rule with a constant value exits early) instead of
# collecting every match. Of the table's words and the repository's command
# index, the smaller is walked and each of its words looked up in the other
# (by_table): a tool table has up to 60 words, a monorepo's index
# thousands, a small service's a few dozen.
runs(table) if {
	indexed
	by_table(table)
	index := input.ci.command_words
	some w, re in table
	some cmd in index[w]
	regex.match(commands_lib.word(re), cmd.run)
}

runs(table) if {
	indexed
	not by_table(table)
	some w, cmds in input.ci.command_words
	re := table[w]
	some cmd in cmds
	regex.match(commands_lib.word(re), cmd.run)
}

# by_table holds when table has fewer words than the command index: the
# table is walked, not the index.
by_table(table) if count(table) < count(input.ci.command_words)

runs(table) if {
	not indexed
	text != ""
	some w, re in table
	contains(text, w)
	some run in lines
	contains(run, w)
	regex.match(commands_lib.word(re), run)
}

# indexed holds when the facts have the collectors' command index. Every
# command line has a word, so an empty index with command lines is a
# hand-written input (a unit test): the lines themselves are scanned then.
indexed if count(input.ci.command_words) > 0

# lines is every command line as a string.
lines := {cmd.run | some cmd in commands}

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

# step_names is the step_name of every reusable step reference: a
# workflow names the same step in many jobs (actions/checkout in each), so
# uses_step tries each name once.
step_names contains step_name(u.ref) if some u in uses

# uses_step(re) holds when some reusable step's name matches re (matched
# against the lower-cased name without its version).
uses_step(re) if {
	some name in step_names
	regex.match(re, name)
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
	regex.match(component_expr(name), inc.location)
}

# component_expr and template_expr are the expressions of component(name)
# and template(name). They read no input: the score engine builds each once
# per name, not once per include and repository.
component_expr(name) := sprintf(`(?i)/%s(@[^/]*)?$`, [name])

# template(name) holds when a GitLab CI template (or a copy of one fetched
# by project or remote include) named "<name>.gitlab-ci.yml" is included,
# with or without its "Security/" or "Jobs/" folder and ".latest" variant.
template(name) if {
	some inc in input.ci.gitlab_includes
	regex.match(template_expr(name), inc.location)
}

template_expr(name) := sprintf(`(?i)(^|/)%s(\.latest)?\.gitlab-ci\.yml$`, [name])

# auto_devops holds when GitLab Auto DevOps is included: it brings SAST,
# secret detection, dependency and container scanning and code quality.
auto_devops if template("Auto-DevOps")

# report(kind) holds when some GitLab job publishes artifacts:reports:kind.
report(kind) if reports[kind]

# reports is every artifacts:reports kind some job publishes: checks ask for
# several kinds, and each is then one lookup rather than a walk of the jobs.
reports contains kind if {
	some job in input.ci.jobs
	some kind in job.reports
}

# primary_config is the CI configuration a repository-wide CI finding points
# at: the shallowest file (.gitlab-ci.yml, Jenkinsfile) and, among Actions
# workflows, the one with the most jobs, which is the main pipeline rather
# than a labeler. Undefined without CI.
primary_config := p if {
	d := min({paths.depth(c.path) | some c in input.ci.configs})
	shallow := {c.path | some c in input.ci.configs; paths.depth(c.path) == d}
	most := max({job_count(x) | some x in shallow})
	p := min({x | some x in shallow; job_count(x) == most})
}

job_count(p) := count([j | some j in input.ci.jobs; j.path == p])

# finding returns a violation with msg that points at the primary CI
# configuration when there is one.
finding(msg) := {"msg": msg, "path": primary_config}

finding(msg) := {"msg": msg} if not primary_config

# shared_pipelines are the references a repository's CI pulls its jobs from:
# GitLab project includes as "group/project:/file.yml", component, remote
# and template includes as written, and Actions reusable workflows and steps
# by name without version ("org/ci/.github/workflows/go.yml").
shared_pipelines contains ref if {
	some inc in input.ci.gitlab_includes
	inc.kind == "project"
	ref := sprintf("%s:%s", [inc.project, inc.location])
}

shared_pipelines contains inc.location if {
	some inc in input.ci.gitlab_includes
	inc.kind != "project"
}

shared_pipelines contains step_name(u.ref) if some u in uses

shared_pipelines contains step_name(job.uses_workflow) if {
	some wf in input.ci.workflows
	some job in wf.jobs
	job.uses_workflow
}

# provided(id) holds when the platform config declares that a shared
# pipeline this repository includes does what check id looks for. A jobs
# template kept in another project is invisible to the scan, so without this
# every team on the platform's own pipeline would fail these checks:
#
#   config:
#     ci_templates:
#       - include: "platform/ci-templates:/templates/go.gitlab-ci.yml"   # glob
#         provides: [test.ci-runs-tests, test.coverage, security.sast]
provided(id) if {
	some entry in config.list("ci_templates")
	id in object.get(entry, "provides", [])
	some ref in shared_pipelines
	glob.match(object.get(entry, "include", ""), null, ref)
}
