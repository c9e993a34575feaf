package score.checks.security.container_non_root_test

import data.score.checks.security.container_non_root

base(image, tag) := {"raw": concat(":", [image, tag]), "resolved": concat(":", [image, tag]), "image": image, "tag": tag, "digest": "", "stage_ref": false, "scratch": false, "unresolved": false, "line": 10}

# dockerfile has a final stage at line 10 with the given base and, when
# user is not "", an effective USER at line 14.
dockerfile(path, b, user) := {"path": path, "stages": [], "final_stage": object.union(stage(b), user_field(user))}

stage(b) := {"index": 1, "line": 10, "from": b, "base": b, "expose": []} if b != null

stage(null) := {"index": 1, "line": 10, "from": object.union(base("scratch", ""), {"raw": "scratch", "resolved": "scratch", "image": "", "scratch": true}), "expose": []}

user_field("") := {}

user_field(u) := {"user": {"value": u, "line": 14}, "effective_user": {"value": u, "line": 14}} if u != ""

facts(dockerfiles, workloads) := {
	"containers": {"dockerfiles": dockerfiles, "builders": [], "compose": []},
	"kubernetes": {"workloads": workloads, "resources": [], "charts": [], "kustomizations": []},
}

workload(name, pod, containers) := object.union({"path": "deploy/app.yaml", "line": 1, "kind": "Deployment", "name": name, "source": "manifest", "containers": containers}, pod)

container(name, sc) := object.union({"name": name, "image": "app:1", "line": 20, "readiness_probe": true, "liveness_probe": true, "startup_probe": false}, sc)

violations(f) := vs if {
	vs := container_non_root.violation with input as f
}

test_pass_numeric_and_named_users if {
	f := facts(
		[
			dockerfile("Dockerfile", base("golang", "1.22"), "10001"),
			dockerfile("svc/Dockerfile", base("node", "20-alpine"), "node"),
			dockerfile("job/Dockerfile", base("python", "3.12"), "1000:0"),
		],
		[],
	)
	container_non_root.applicable with input as f
	count(violations(f)) == 0
}

test_pass_known_nonroot_base if {
	f := facts(
		[
			dockerfile("Dockerfile", base("gcr.io/distroless/static-debian12", "nonroot"), ""),
			dockerfile("b/Dockerfile", base("cgr.dev/chainguard/static", "latest"), ""),
		],
		[],
	)
	count(violations(f)) == 0
}

test_fail_root_user if {
	f := facts(
		[
			dockerfile("a/Dockerfile", base("golang", "1.22"), "root"),
			dockerfile("b/Dockerfile", base("golang", "1.22"), "0:0"),
			dockerfile("c/Dockerfile", base("gcr.io/distroless/static-debian12", "nonroot"), "root:root"),
		],
		[],
	)
	violations(f) == {
		{"msg": "the final stage runs as root (USER root)", "path": "a/Dockerfile", "line": 14},
		{"msg": "the final stage runs as root (USER 0:0)", "path": "b/Dockerfile", "line": 14},
		{"msg": "the final stage runs as root (USER root:root)", "path": "c/Dockerfile", "line": 14},
	}
}

test_fail_no_user if {
	f := facts(
		[
			dockerfile("Dockerfile", base("eclipse-temurin", "21-jre"), ""),
			dockerfile("distroless/Dockerfile", base("gcr.io/distroless/static-debian12", "latest"), ""),
		],
		[],
	)
	violations(f) == {
		{"msg": "the final stage sets no USER, so it runs as root (eclipse-temurin:21-jre is not known to run as non-root)", "path": "Dockerfile", "line": 10},
		{"msg": "the final stage sets no USER, so it runs as root (gcr.io/distroless/static-debian12:latest is not known to run as non-root)", "path": "distroless/Dockerfile", "line": 10},
	}
}

test_configured_nonroot_base if {
	f := facts([dockerfile("Dockerfile", base("registry.example.com/base/java", "21"), "")], [])
	count(violations(f)) == 1
	count(violations(f)) == 0 with data.score.config as {"nonroot_images": ["registry.example.com/base/*"]}
}

test_pass_workloads if {
	f := facts([], [
		workload("pod-level", {"run_as_non_root": true}, [container("app", {}), container("sidecar", {})]),
		workload("container-level", {}, [container("app", {"run_as_user": 10001}), container("proxy", {"run_as_non_root": true})]),
		workload("uid-only", {"run_as_user": 1000}, [container("app", {})]),
	])
	container_non_root.applicable with input as f
	count(violations(f)) == 0
}

test_fail_workload_containers if {
	f := facts([], [
		workload("api", {}, [container("app", {}), container("ok", {"run_as_non_root": true})]),
		workload("override", {"run_as_non_root": true}, [container("app", {"run_as_non_root": false})]),
		workload("uid0", {"run_as_non_root": true}, [object.union(container("app", {"run_as_user": 0}), {"line": 0})]),
	])
	vs := violations(f)
	vs == {
		{"msg": "Deployment api, container app: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", "path": "deploy/app.yaml", "line": 20},
		{"msg": "Deployment override, container app: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", "path": "deploy/app.yaml", "line": 20},
		{"msg": "Deployment uid0, container app: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", "path": "deploy/app.yaml", "line": 1},
	}
}

# Each side is judged on its own: a non-root image does not excuse a
# workload without runAsNonRoot, nor an enforcing workload a root image.
test_fail_workload_beside_non_root_dockerfile if {
	f := facts([dockerfile("Dockerfile", base("golang", "1.22"), "10001")], [workload("api", {}, [container("app", {})])])
	violations(f) == {{"msg": "Deployment api, container app: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", "path": "deploy/app.yaml", "line": 20}}
}

test_fail_root_dockerfile_beside_enforcing_workload if {
	f := facts([dockerfile("Dockerfile", base("golang", "1.22"), "")], [workload("api", {"run_as_non_root": true}, [container("app", {})])])
	violations(f) == {{"msg": "the final stage sets no USER, so it runs as root (golang:1.22 is not known to run as non-root)", "path": "Dockerfile", "line": 10}}
}

test_pass_both_sides_non_root if {
	f := facts([dockerfile("Dockerfile", base("golang", "1.22"), "10001")], [workload("api", {"run_as_non_root": true}, [container("app", {})])])
	container_non_root.applicable with input as f
	count(violations(f)) == 0
}

# Build-only images (tests, CI, tools, code generation) never run as the
# service and are not judged.
test_build_only_dockerfiles_left_out if {
	root := base("golang", "1.22")
	f := facts(
		[
			dockerfile("test/e2e/Dockerfile", root, ""),
			dockerfile("hack/codegen/Dockerfile", root, ""),
			dockerfile("ci/Dockerfile", root, ""),
			dockerfile("tools/Dockerfile", root, ""),
			dockerfile("Dockerfile.build", root, ""),
			dockerfile("Dockerfile.dev", root, ""),
			dockerfile("build/api.test.Dockerfile", root, ""),
			dockerfile("Dockerfile", root, "10001"),
		],
		[],
	)
	container_non_root.applicable with input as f
	count(violations(f)) == 0
}

test_skip_only_build_only_dockerfiles if {
	not container_non_root.applicable with input as facts([dockerfile("e2e/Dockerfile", base("golang", "1.22"), "")], [])
}

# A final stage FROM scratch without CMD or ENTRYPOINT exports artefacts
# (docker build -o) and never runs; with an ENTRYPOINT it is an image that
# runs as root.
test_scratch_export_stage_left_out if {
	not container_non_root.applicable with input as facts([dockerfile("Dockerfile", null, "")], [])
}

test_fail_scratch_image_with_entrypoint if {
	df := dockerfile("Dockerfile", null, "")
	f := facts([object.union(df, {"final_stage": object.union(df.final_stage, {"command": {"value": "entrypoint", "line": 12}})})], [])
	violations(f) == {{"msg": "the final stage sets no USER, so it runs as root (it is built from scratch)", "path": "Dockerfile", "line": 10}}
}

test_every_offender_reported_when_neither_side_holds if {
	f := facts([dockerfile("Dockerfile", base("golang", "1.22"), "root")], [workload("api", {}, [container("app", {})])])
	vs := violations(f)
	count(vs) == 2
	{v.path | some v in vs} == {"Dockerfile", "deploy/app.yaml"}
}

test_skip_without_dockerfiles_or_workloads if {
	not container_non_root.applicable with input as facts([], [])
	not container_non_root.applicable with input as facts([dockerfile(".devcontainer/Dockerfile", base("ubuntu", "22.04"), "")], [])
}

# A Helm chart that renders its securityContext through a helper the
# collector cannot resolve is not judged: no false fail, and no pass either.
test_skip_templated_security_context if {
	f := facts([], [
		workload("api", {"source": "helm", "security_context_templated": true}, [container("api", {})]),
		workload("worker", {"source": "helm"}, [container("worker", {"security_context_templated": true})]),
	])
	not container_non_root.applicable with input as f
	count(violations(f)) == 0
}

# A workload whose pod spec is not in the file (no containers seen) is no
# evidence that containers run as non-root.
test_skip_workload_without_containers if {
	f := facts([], [workload("api", {}, [])])
	not container_non_root.applicable with input as f
}

test_fail_judged_container_beside_templated_one if {
	f := facts([], [
		workload("api", {"security_context_templated": true}, [container("api", {})]),
		workload("worker", {}, [container("worker", {})]),
	])
	container_non_root.applicable with input as f
	violations(f) == {{"msg": "Deployment worker, container worker: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", "path": "deploy/app.yaml", "line": 20}}
}

# Templated but resolved to non-root elsewhere (the pod sets runAsUser):
# judged, and passing.
test_pass_templated_container_with_nonroot_pod if {
	f := facts([], [workload("api", {"run_as_user": 10001}, [container("api", {"security_context_templated": true})])])
	container_non_root.applicable with input as f
	count(violations(f)) == 0
}

test_fail_root_dockerfile_with_unjudged_workloads if {
	f := facts(
		[dockerfile("Dockerfile", base("golang", "1.22"), "")],
		[workload("api", {"security_context_templated": true}, [container("api", {})])],
	)
	violations(f) == {{"msg": "the final stage sets no USER, so it runs as root (golang:1.22 is not known to run as non-root)", "path": "Dockerfile", "line": 10}}
}

test_fix_user_in_each_root_dockerfile if {
	fixes := container_non_root.fix with input as facts([dockerfile("Dockerfile", base("alpine", "3.20"), ""), dockerfile("ok/Dockerfile", base("alpine", "3.20"), "app")], [])
	[f] := [f | some f in fixes]
	f.edit == "dockerfile.user"
	f.path == "Dockerfile"
	f.value == {"user": "10001"}
}

# The Dockerfile fix alone cannot make the check pass while a workload
# fails too: no fix is offered then.
test_no_fix_while_a_workload_fails if {
	f := facts([dockerfile("Dockerfile", base("alpine", "3.20"), "")], [workload("api", {}, [container("app", {})])])
	count(container_non_root.fix) == 0 with input as f
}
