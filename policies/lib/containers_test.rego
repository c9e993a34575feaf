package score.lib.containers_test

import data.score.lib.containers

stage(i, from) := {"index": i, "line": i + 1, "from": object.union({"raw": "", "resolved": "", "image": "", "tag": "", "digest": "", "stage_ref": false, "scratch": false, "unresolved": false, "line": i + 1}, from), "expose": []}

test_dev_environment if {
	containers.dev_environment(".devcontainer/Dockerfile")
	containers.dev_environment("tools/.devcontainer/Dockerfile")
	containers.dev_environment(".gitpod.Dockerfile")
	containers.dev_environment(".gitpod/Dockerfile")
	not containers.dev_environment("Dockerfile")
	not containers.dev_environment("build/devcontainer.Dockerfile")
}

test_variable_stage_refs_are_stage_refs if {
	df := {"path": "Dockerfile", "stages": [
		object.union(stage(0, {"raw": "golang:1.22", "resolved": "golang:1.22", "image": "golang", "tag": "1.22"}), {"name": "binaries-linux"}),
		object.union(stage(1, {"raw": "scratch", "resolved": "scratch", "scratch": true}), {"name": "binaries-windows"}),
		stage(2, {"raw": "binaries-${TARGETOS}", "resolved": "binaries-", "unresolved": true}),
		stage(3, {"raw": "$BASE_IMAGE", "resolved": "", "unresolved": true}),
		stage(4, {"raw": "registry.example.com/base-${FLAVOUR}:1.0", "resolved": "registry.example.com/base-:1.0", "unresolved": true}),
	]}
	froms := containers.external_froms with input.containers.dockerfiles as [df]
	{f.ref | some f in froms} == {"golang:1.22", "$BASE_IMAGE", "registry.example.com/base-${FLAVOUR}:1.0"}
}

test_stage_pattern if {
	containers.stage_pattern("binaries-${TARGETOS}") == `^binaries-[A-Za-z0-9_.-]*$`
	containers.stage_pattern("build-$TARGETARCH") == `^build-[A-Za-z0-9_.-]*$`
	containers.stage_pattern("a.b+c") == `^a\.b\+c$`
}

test_external_froms_skip_stage_refs_and_scratch if {
	df := {"path": "Dockerfile", "stages": [
		stage(0, {"raw": "golang:1.22", "resolved": "golang:1.22", "image": "golang", "tag": "1.22"}),
		stage(1, {"raw": "build", "resolved": "build", "stage_ref": true}),
		stage(2, {"raw": "scratch", "resolved": "scratch", "scratch": true}),
	]}
	dev := {"path": ".devcontainer/Dockerfile", "stages": [stage(0, {"raw": "ubuntu", "resolved": "ubuntu", "image": "ubuntu"})]}
	froms := containers.external_froms with input.containers.dockerfiles as [df, dev]
	count(froms) == 1
	some f in froms
	f.path == "Dockerfile"
	f.line == 1
	f.ref == "golang:1.22"
}
