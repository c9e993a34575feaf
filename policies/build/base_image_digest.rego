# METADATA
# title: Base images are pinned by digest
# description: >-
#   Every external FROM image of every stage is pinned by an @sha256 digest,
#   so that the exact bytes built on are fixed even if a tag is re-pushed.
#   Build stages and scratch are fine; an image that depends on an ARG
#   without a default cannot be checked and fails. Skipped without
#   Dockerfiles.
# custom:
#   id: build.base-image-digest
#   category: build
#   level: gold
#   weight: 1
#   remediation: Append the image digest to every `FROM`, for example `FROM golang:1.22-alpine@sha256:<digest>`, and let Renovate or Dependabot keep the digests current.
package score.checks.build.base_image_digest

import data.score.lib.containers

applicable if count(containers.dockerfiles) > 0

violation contains {"msg": problem(f), "path": f.path, "line": f.line} if {
	some f in containers.external_froms
}

problem(f) := sprintf("base image %s uses a build argument without a default value, so its digest cannot be checked", [f.ref]) if {
	f.from.unresolved
} else := sprintf("base image %s is not pinned by digest (@sha256:...)", [f.ref]) if {
	not startswith(f.from.digest, "sha256:")
}

# Pinning needs each tag's digest from its registry: `score fix` says so
# rather than invent one.
fix contains {"manual": "pinning base images by digest needs each tag's digest from its registry (`docker buildx imagetools inspect IMAGE:TAG`, or Renovate's pinDigests)"}
