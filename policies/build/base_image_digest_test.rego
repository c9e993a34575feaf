package score.checks.build.base_image_digest_test

import data.score.checks.build.base_image_digest

from(raw, image, tag, digest, line) := {"raw": raw, "resolved": raw, "image": image, "tag": tag, "digest": digest, "stage_ref": false, "scratch": false, "unresolved": false, "line": line}

dockerfile(path, froms) := {"path": path, "stages": [{"index": i, "line": f.line, "from": f, "expose": []} | some i, f in froms]}

violations(dfs) := vs if {
	vs := base_image_digest.violation with input.containers.dockerfiles as dfs
}

digest := "sha256:4ad3b6a25bf6b2cb3c4a1c28f3c9b3e1b2a6f5c4d3e2f1a0b9c8d7e6f5a4b3c2"

test_pass_with_digests if {
	count(violations([dockerfile("Dockerfile", [
		from(concat("@", ["golang:1.22", digest]), "golang", "1.22", digest, 1),
		from(concat("@", ["gcr.io/distroless/static", digest]), "gcr.io/distroless/static", "", digest, 6),
	])])) == 0
}

test_fail_version_tag_without_digest if {
	vs := violations([dockerfile("Dockerfile", [from("golang:1.22-alpine", "golang", "1.22-alpine", "", 1)])])
	vs == {{"msg": "base image golang:1.22-alpine is not pinned by digest (@sha256:...)", "path": "Dockerfile", "line": 1}}
}

test_fail_every_stage if {
	vs := violations([dockerfile("Dockerfile", [
		from("golang:1.22", "golang", "1.22", "", 1),
		from(concat("@", ["alpine:3.20", digest]), "alpine", "3.20", digest, 7),
		from("alpine:3.20", "alpine", "3.20", "", 12),
	])])
	{v.line | some v in vs} == {1, 12}
}

test_unresolved_fails if {
	f := object.union(from("$BASE", "", "", "", 1), {"resolved": "", "unresolved": true})
	vs := violations([dockerfile("Dockerfile", [f])])
	vs == {{"msg": "base image $BASE uses a build argument without a default value, so its digest cannot be checked", "path": "Dockerfile", "line": 1}}
}

test_stage_refs_and_scratch_are_ignored if {
	b := from(concat("@", ["golang:1.22", digest]), "golang", "1.22", digest, 1)
	ref := object.union(from("build", "build", "", "", 5), {"stage_ref": true})
	scratch := object.union(from("scratch", "scratch", "", "", 9), {"scratch": true})
	count(violations([dockerfile("Dockerfile", [b, ref, scratch])])) == 0
}

test_skip_without_dockerfiles if {
	not base_image_digest.applicable with input.containers.dockerfiles as []
}

test_fix_says_it_needs_the_registry if {
	[f] := [f | some f in base_image_digest.fix]
	contains(f.manual, "registry")
}
