# METADATA
# title: Base images are pinned to a version
# description: >-
#   Every external FROM image of every stage has a version tag (a tag with a
#   digit that is not a channel like latest, lts-* or stable), a variant tag
#   on an image whose name carries the distribution release (distroless
#   static-debian12:nonroot), or a digest,
#   so that rebuilding the same commit gives the same image. Untagged,
#   latest, alpine, slim and codename-only tags move under you. Build stages
#   and scratch are fine; ARG defaults are resolved; an image that depends
#   on an ARG without a default cannot be checked and fails. Skipped without
#   Dockerfiles.
# custom:
#   id: build.base-image-pinned
#   category: build
#   level: silver
#   weight: 2
#   remediation: Pin every `FROM` to a version tag such as `golang:1.22-alpine` (or a digest), and give every `ARG` used in a `FROM` a default value.
package score.checks.build.base_image_pinned

import data.score.lib.containers
import data.score.lib.images

applicable if count(containers.dockerfiles) > 0

violation contains {"msg": problem(f), "path": f.path, "line": f.line} if {
	some f in containers.external_froms
}

problem(f) := sprintf("base image %s uses a build argument without a default value, so its version cannot be checked", [f.ref]) if {
	f.from.unresolved
} else := sprintf("base image %s has no tag, so it means latest and changes under you", [f.ref]) if {
	f.from.digest == ""
	f.from.tag == ""
} else := sprintf("base image %s uses the floating tag %q; pin a version", [f.ref, f.from.tag]) if {
	f.from.digest == ""
	images.floating_tag(f.from.tag)
} else := sprintf("base image %s: the tag %q has no version number, so it moves with every release", [f.ref, f.from.tag]) if {
	f.from.digest == ""
	not images.versioned(f.from)
}
