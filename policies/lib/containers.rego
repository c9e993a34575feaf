# METADATA
# title: Container build helpers
# description: |
#   The service's own Dockerfiles and their external FROM images.
#   Dev-environment images (.devcontainer/, Gitpod) are left out: they build
#   a workstation, not the service.
package score.lib.containers

import data.score.lib.images

# dev_environment holds for Dockerfiles of development environments.
dev_environment(path) if regex.match(`(^|/)\.devcontainer/`, path)

dev_environment(path) if regex.match(`(?i)(^|/)(\.gitpod/|\.gitpod(\.[\w-]+)?\.(docker|container)file$)`, path)

# dockerfiles are the service's Dockerfiles and Containerfiles.
dockerfiles contains df if {
	some df in input.containers.dockerfiles
	not dev_environment(df.path)
}

# dev_dockerfiles are the dev-environment ones, for messages.
dev_dockerfiles contains df.path if {
	some df in input.containers.dockerfiles
	dev_environment(df.path)
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
}

# line is the FROM line of a stage.
line(stage) := stage.from.line if {
	stage.from.line > 0
} else := stage.line
