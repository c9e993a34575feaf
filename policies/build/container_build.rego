# METADATA
# title: The service builds a container image
# description: >-
#   A container build for the service exists - a Dockerfile or Containerfile
#   (any case, prefix or suffix), Jib, Cloud Native Buildpacks, ko, Nixpacks,
#   Spring Boot build-image, sbt-native-packager's DockerPlugin or Bazel OCI
#   rules - so the artefact that runs in production is reproducible from the
#   repository. Dev-environment images
#   (.devcontainer/, Gitpod) do not count.
# custom:
#   id: build.container-build
#   category: build
#   level: bronze
#   weight: 3
#   remediation: Add a multi-stage `Dockerfile` at the repository root that builds and runs the service, or configure Jib, ko or buildpacks (`project.toml`).
package score.checks.build.container_build

import data.score.lib.containers

builds if count(containers.dockerfiles) > 0

builds if count(input.containers.builders) > 0

violation contains {"msg": "no container build for the service: no Dockerfile or Containerfile, and no Jib, buildpacks, ko or other image builder configuration"} if {
	not builds
}
