package score.lib.images_test

import data.score.lib.images

test_normalize if {
	images.normalize("docker.io/library/Node") == "node"
	images.normalize("index.docker.io/bitnami/nginx") == "bitnami/nginx"
	images.normalize("gcr.io/distroless/static") == "gcr.io/distroless/static"
}

test_version_tags if {
	every tag in ["1.22", "1.22-alpine", "3.12-slim-bookworm", "22.04", "1", "21-jre", "bookworm-20240110", "ltsc2022"] {
		images.version_tag(tag)
	}
}

test_floating_or_versionless_tags if {
	every tag in ["", "latest", "alpine", "slim", "bookworm", "stable", "lts-alpine3.19", "lts", "current-alpine3.20", "edge", "LATEST"] {
		not images.version_tag(tag)
	}
}

test_reference_prefers_resolved if {
	images.reference({"raw": "golang:${GO}", "resolved": "golang:1.22"}) == "golang:1.22"
	images.reference({"raw": "golang:${GO}", "resolved": ""}) == "golang:${GO}"
	images.reference({"raw": "base-${TARGETOS}", "resolved": "base-", "unresolved": true}) == "base-${TARGETOS}"
}

test_known_nonroot if {
	every from in [
		{"image": "gcr.io/distroless/static-debian12", "tag": "nonroot"},
		{"image": "gcr.io/distroless/base", "tag": "debug-nonroot"},
		{"image": "cgr.dev/chainguard/static", "tag": "latest"},
		{"image": "cgr.dev/chainguard/python", "tag": ""},
		{"image": "bitnami/node", "tag": "20"},
		{"image": "docker.io/bitnami/nginx", "tag": "1.25"},
		{"image": "nginxinc/nginx-unprivileged", "tag": "1.25-alpine"},
		{"image": "mcr.microsoft.com/dotnet/aspnet", "tag": "8.0-jammy-chiseled"},
	] {
		images.known_nonroot(from)
	}
}

test_not_known_nonroot if {
	every from in [
		{"image": "gcr.io/distroless/static-debian12", "tag": "latest"},
		{"image": "cgr.dev/chainguard/python", "tag": "latest-dev"},
		{"image": "cgr.dev/chainguard/wolfi-base", "tag": "latest"},
		{"image": "registry.access.redhat.com/ubi9/ubi-minimal", "tag": "9.4"},
		{"image": "node", "tag": "20-alpine"},
		{"image": "mcr.microsoft.com/dotnet/aspnet", "tag": "8.0"},
	] {
		not images.known_nonroot(from)
	}
}

test_configured_nonroot_images if {
	from := {"image": "registry.example.com/base/java", "tag": "21"}
	not images.known_nonroot(from)
	images.known_nonroot(from) with data.score.config as {"nonroot_images": ["registry.example.com/base/*"]}
	images.known_nonroot(from) with data.score.config as {"nonroot_images": ["registry.example.com/base/java:2*"]}
	not images.known_nonroot(from) with data.score.config as {"nonroot_images": ["registry.example.com/other/*"]}
}

test_versioned if {
	images.versioned({"image": "golang", "tag": "1.22-alpine"})
	images.versioned({"image": "gcr.io/distroless/cc-debian12", "tag": "nonroot"})
	not images.versioned({"image": "gcr.io/distroless/cc-debian12", "tag": "latest"})
	not images.versioned({"image": "example/java21-alpine", "tag": "prod"})
	not images.versioned({"image": "gcr.io/distroless/static", "tag": "nonroot"})
}
