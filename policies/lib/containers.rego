# METADATA
# title: Container build helpers
# description: |
#   The service's own Dockerfiles and their external FROM images.
#   Dev-environment images (.devcontainer/, Gitpod) are left out: they build
#   a workstation, not the service.
package score.lib.containers

import data.score.lib.images

# dev_environment holds for Dockerfiles of development environments. The
# collector leaves them out already; this keeps the policies right for
# facts from elsewhere.
dev_environment(path) if regex.match(`(^|/)\.devcontainer/`, path)

dev_environment(path) if regex.match(`(?i)(^|/)(\.gitpod/|\.gitpod(\.[\w-]+)?\.(docker|container)file$)`, path)

# build_only holds for Dockerfiles that build tools, test or CI images
# rather than the service: under a test, e2e, ci, tools or hack folder, or
# named for a test, build, dev or CI image (Dockerfile.test, Dockerfile.build,
# Dockerfile.dev, Dockerfile.ci, Dockerfile.e2e, api.test.Dockerfile, ...).
build_only(path) if regex.match(`(?i)(^|/)(tests?|e2e|ci|tools|hack)/`, path)

build_only(path) if regex.match(`(?i)(^|/)[^/]*\.(dockerfile|containerfile)\.(tests?|build|dev|ci|e2e)$`, path)

build_only(path) if regex.match(`(?i)(^|/)(dockerfile|containerfile)\.(tests?|build|dev|ci|e2e)$`, path)

build_only(path) if regex.match(`(?i)(^|/)[^/]*\.(tests?|build|dev|ci|e2e)\.(dockerfile|containerfile)$`, path)

# export_only holds for a Dockerfile whose final stage is FROM scratch with
# no CMD or ENTRYPOINT: it exports build artefacts (`docker build -o`), it
# never runs.
export_only(df) if {
	df.final_stage.from.scratch
	not df.final_stage.command
}

# shipped_dockerfiles are the Dockerfiles of images that run as the
# service: neither build-only nor export-only.
shipped_dockerfiles contains df if {
	some df in dockerfiles
	not build_only(df.path)
	not export_only(df)
}

# dockerfiles are the service's Dockerfiles and Containerfiles.
dockerfiles contains df if {
	some df in input.containers.dockerfiles
	not dev_environment(df.path)
}

# external_froms is every FROM of every stage of the service's Dockerfiles
# that pulls an image: stage references and scratch are left out. Each
# entry carries the Dockerfile path, the FROM line, the image reference as
# written (after ARG substitution) and the parsed reference.
external_froms contains {"path": df.path, "line": line(stage), "ref": images.reference(stage.from), "from": stage.from} if {
	some df in dockerfiles
	some stage in df.stages
	not stage.from.stage_ref
	not stage.from.scratch
	not variable_stage_ref(df, stage)
}

# variable_stage_ref holds for an unresolved FROM that picks one of the
# Dockerfile's own stages by a variable, such as `FROM binaries-${TARGETOS}`
# next to stages named binaries-linux and binaries-windows: the variable
# (often one BuildKit sets, like TARGETOS) chooses a build stage, not an
# image. A reference that is only a variable could name anything and is
# not taken for a stage.
variable_stage_ref(df, stage) if {
	stage.from.unresolved
	regex.replace(stage.from.raw, variables, "") != ""
	pattern := stage_pattern(stage.from.raw)
	some other in df.stages
	other.index != stage.index
	regex.match(pattern, object.get(other, "name", ""))
}

# variables matches ${NAME} and $NAME in a Dockerfile reference.
variables := `\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*`

# stage_pattern turns a FROM reference with variables into an anchored
# regular expression in which each variable matches any stage-name
# characters.
stage_pattern(raw) := concat("", ["^", wild, "$"]) if {
	marked := regex.replace(raw, variables, "\u0000")
	escaped := regex.replace(marked, `([.+*?^$()\[\]{}|\\])`, `\${1}`)
	wild := replace(escaped, "\u0000", `[A-Za-z0-9_.-]*`)
}

# line is the FROM line of a stage.
line(stage) := stage.from.line if {
	stage.from.line > 0
} else := stage.line
