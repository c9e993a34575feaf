package score.checks.build.base_image_pinned_test

import data.score.checks.build.base_image_pinned

# from builds a parsed FROM reference; line is the FROM line.
from(raw, image, tag, digest, line) := {"raw": raw, "resolved": raw, "image": image, "tag": tag, "digest": digest, "stage_ref": false, "scratch": false, "unresolved": false, "line": line}

stage(i, f) := {"index": i, "line": f.line, "from": f, "expose": []}

dockerfile(path, froms) := {"path": path, "stages": [stage(i, f) | some i, f in froms]}

violations(dfs) := vs if {
	vs := base_image_pinned.violation with input.containers.dockerfiles as dfs
}

test_pass_with_version_tags_and_digests if {
	vs := violations([dockerfile("Dockerfile", [
		from("golang:1.22-alpine", "golang", "1.22-alpine", "", 1),
		from("gcr.io/distroless/static-debian12:nonroot@sha256:aa", "gcr.io/distroless/static-debian12", "nonroot", "sha256:aa", 8),
		from("python:3.12-slim-bookworm", "python", "3.12-slim-bookworm", "", 12),
	])])
	count(vs) == 0
}

test_fail_latest if {
	vs := violations([dockerfile("Dockerfile", [from("golang:latest", "golang", "latest", "", 3)])])
	vs == {{"msg": "base image golang:latest uses the floating tag \"latest\"; pin a version", "path": "Dockerfile", "line": 3}}
}

test_fail_untagged if {
	vs := violations([dockerfile("Dockerfile", [from("alpine", "alpine", "", "", 1)])])
	vs == {{"msg": "base image alpine has no tag, so it means latest and changes under you", "path": "Dockerfile", "line": 1}}
}

test_fail_versionless_tags if {
	vs := violations([dockerfile("svc/Dockerfile", [
		from("node:alpine", "node", "alpine", "", 1),
		from("python:slim", "python", "slim", "", 2),
		from("debian:bookworm", "debian", "bookworm", "", 3),
		from("node:lts-alpine3.19", "node", "lts-alpine3.19", "", 4),
		from("nginx:stable", "nginx", "stable", "", 5),
	])])
	{v.line | some v in vs} == {1, 2, 3, 4, 5}
	{"msg": "base image node:alpine: the tag \"alpine\" has no version number, so it moves with every release", "path": "svc/Dockerfile", "line": 1} in vs
	{"msg": "base image node:lts-alpine3.19 uses the floating tag \"lts-alpine3.19\"; pin a version", "path": "svc/Dockerfile", "line": 4} in vs
}

test_digest_without_tag_passes if {
	count(violations([dockerfile("Dockerfile", [from("alpine@sha256:0123", "alpine", "", "sha256:0123", 1)])])) == 0
}

test_arg_default_resolved if {
	f := object.union(from("golang:1.22", "golang", "1.22", "", 2), {"raw": "golang:${GO_VERSION}"})
	count(violations([dockerfile("Dockerfile", [f])])) == 0
}

test_arg_without_default_fails if {
	f := object.union(from("${BASE_IMAGE}", "", "", "", 2), {"resolved": "", "unresolved": true})
	vs := violations([dockerfile("Dockerfile", [f])])
	vs == {{"msg": "base image ${BASE_IMAGE} uses a build argument without a default value, so its version cannot be checked", "path": "Dockerfile", "line": 2}}
}

test_stage_refs_and_scratch_are_ignored if {
	build := from("golang:1.22", "golang", "1.22", "", 1)
	ref := object.union(from("build", "build", "", "", 5), {"stage_ref": true})
	scratch := object.union(from("scratch", "scratch", "", "", 9), {"scratch": true})
	count(violations([dockerfile("Dockerfile", [build, ref, scratch])])) == 0
}

test_every_dockerfile_reported if {
	vs := violations([
		dockerfile("a/Dockerfile", [from("golang", "golang", "", "", 1)]),
		dockerfile("b/Containerfile", [from("golang:1.22", "golang", "1.22", "", 1)]),
		dockerfile("c/dockerfile.prod", [from("ubuntu:latest", "ubuntu", "latest", "", 4)]),
	])
	{[v.path, v.line] | some v in vs} == {["a/Dockerfile", 1], ["c/dockerfile.prod", 4]}
}

test_skip_without_dockerfiles if {
	not base_image_pinned.applicable with input.containers.dockerfiles as []
	not base_image_pinned.applicable with input.containers.dockerfiles as [dockerfile(".devcontainer/Dockerfile", [from("ubuntu", "ubuntu", "", "", 1)])]
}

test_applicable_with_dockerfile if {
	base_image_pinned.applicable with input.containers.dockerfiles as [dockerfile("Dockerfile", [])]
}

# Distroless versions the distribution in the image name; the tag only
# picks a variant. A channel tag still floats, and so does a variant tag on
# a name without a release.
test_distroless_release_in_name if {
	vs := violations([dockerfile("Dockerfile", [
		from("gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/static-debian12", "nonroot", "", 8),
		from("gcr.io/distroless/java21-debian12:debug-nonroot", "gcr.io/distroless/java21-debian12", "debug-nonroot", "", 9),
		from("gcr.io/distroless/static-debian12:latest", "gcr.io/distroless/static-debian12", "latest", "", 10),
		from("gcr.io/distroless/static:nonroot", "gcr.io/distroless/static", "nonroot", "", 11),
		from("gcr.io/distroless/static-debian12", "gcr.io/distroless/static-debian12", "", "", 12),
	])])
	{v.line | some v in vs} == {10, 11, 12}
}
