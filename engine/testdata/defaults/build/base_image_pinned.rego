# METADATA
# title: Base images are pinned
# description: Every external FROM image has a version tag or a digest.
# custom:
#   id: build.base-image-pinned
#   category: build
#   level: silver
#   weight: 2
#   remediation: Pin every `FROM` image to a version tag or a digest.
package score.checks.build.base_image_pinned

import data.score.lib.util

applicable if count(input.containers.dockerfiles) > 0

violation contains {"msg": sprintf("%s is not pinned", [stage.from.raw]), "path": df.path, "line": stage.from.line} if {
	some df in input.containers.dockerfiles
	some stage in df.stages
	not stage.from.stage_ref
	not stage.from.scratch
	util.external(stage.from.raw)
	stage.from.tag == ""
	stage.from.digest == ""
}
