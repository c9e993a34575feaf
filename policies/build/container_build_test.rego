package score.checks.build.container_build_test

import data.score.checks.build.container_build

dockerfile(path) := {"path": path, "stages": []}

test_pass_with_dockerfile if {
	count(container_build.violation) == 0 with input.containers as {"dockerfiles": [dockerfile("deploy/app.Dockerfile")], "builders": [], "compose": []}
}

test_pass_with_jib if {
	count(container_build.violation) == 0 with input.containers as {"dockerfiles": [], "builders": [{"kind": "jib", "path": "pom.xml", "line": 40}], "compose": []}
}

test_fail_without_build if {
	vs := container_build.violation with input.containers as {"dockerfiles": [], "builders": [], "compose": []}
	count(vs) == 1
	some v in vs
	startswith(v.msg, "no container build for the service")
	object.keys(v) == {"msg"}
}

test_devcontainer_does_not_count if {
	vs := container_build.violation with input.containers as {"dockerfiles": [dockerfile(".devcontainer/Dockerfile")], "builders": [], "compose": []}
	count(vs) == 1
}

test_gitpod_does_not_count if {
	vs := container_build.violation with input.containers as {"dockerfiles": [dockerfile(".gitpod.Dockerfile")], "builders": [], "compose": []}
	count(vs) == 1
}

test_never_skips if {
	not container_build.applicable
}
