# METADATA
# title: Container image helpers
# description: |
#   Tests on container image references: floating tags, version tags, and
#   the short, deliberately conservative list of base images known to run as
#   a non-root user by default.
package score.lib.images

import data.score.lib.config

# normalize drops Docker Hub's implicit registry and library/ prefix and
# lower-cases the repository: "docker.io/library/node" -> "node".
normalize(image) := regex.replace(lower(image), `^((docker\.io|index\.docker\.io|registry-1\.docker\.io)/)?(library/)?`, "")

# floating_tag holds for tags that name a channel rather than a release and
# so move under you, even when they carry a number (lts-alpine3.19).
floating_tag(tag) if regex.match(`^(latest|lts|current|stable|edge|nightly|mainline|rolling|testing|unstable|sid)([-_.].*)?$`, lower(tag))

# version_tag holds for a tag that names a version: it contains a digit and
# is not a channel. "1.22-alpine", "3.12-slim-bookworm", "22.04" pass;
# "latest", "alpine", "slim", "bookworm", "lts-alpine3.19" do not.
version_tag(tag) if {
	regex.match(`[0-9]`, tag)
	not floating_tag(tag)
}

# versioned holds for a FROM whose version is fixed: by a version tag, or
# by the image's own name when that carries the distribution release and
# the tag only picks a variant, as distroless does
# (gcr.io/distroless/static-debian12:nonroot, java21-debian12:debug).
# Channels (latest, stable, ...) still float.
versioned(from) if version_tag(from.tag)

versioned(from) if {
	from.tag != ""
	not floating_tag(from.tag)
	name := regex.replace(lower(from.image), `^.*/`, "")
	regex.match(`-(debian|ubuntu|ubi|rhel|el|alpine)[0-9]+([.][0-9]+)?$`, name)
}

# reference returns a FROM image as the user wrote it, after ARG
# substitution when that succeeded.
reference(from) := from.resolved if {
	not from.unresolved
	from.resolved != ""
} else := from.raw

# Known non-root images (the image's own default USER is not root):
#   gcr.io/distroless/*           only the :nonroot and *-nonroot tags
#   cgr.dev/chainguard/*          except -dev variants and the wolfi/chainguard
#                                 base images, which run as root
#   bitnami/*                     Bitnami's non-root containers (uid 1001)
#   nginxinc/nginx-unprivileged   uid 101
#   mcr.microsoft.com/dotnet/{runtime-deps,runtime,aspnet} *-chiseled tags (uid 1654)
# UBI, official Docker Hub language images and distroless without :nonroot
# run as root. Platform teams add their own base images with
# data.score.config.nonroot_images: glob patterns ("*" matches anything)
# matched against "image" and "image:tag".
known_nonroot(from) if {
	startswith(normalize(from.image), "gcr.io/distroless/")
	contains(lower(from.tag), "nonroot")
}

known_nonroot(from) if {
	n := normalize(from.image)
	startswith(n, "cgr.dev/chainguard/")
	not n in {"cgr.dev/chainguard/wolfi-base", "cgr.dev/chainguard/chainguard-base"}
	not contains(lower(from.tag), "dev")
}

known_nonroot(from) if startswith(normalize(from.image), "bitnami/")

known_nonroot(from) if normalize(from.image) == "nginxinc/nginx-unprivileged"

known_nonroot(from) if {
	regex.match(`^mcr\.microsoft\.com/dotnet/(nightly/)?(runtime-deps|runtime|aspnet)$`, normalize(from.image))
	contains(lower(from.tag), "chiseled")
}

known_nonroot(from) if {
	some pattern in config.list("nonroot_images")
	is_string(pattern)
	some candidate in {from.image, normalize(from.image), sprintf("%s:%s", [from.image, from.tag]), sprintf("%s:%s", [normalize(from.image), from.tag])}
	glob.match(pattern, [], candidate)
}
