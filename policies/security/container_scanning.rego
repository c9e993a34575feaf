# METADATA
# title: Container images are scanned
# description: >-
#   The images the repository builds are scanned for vulnerable OS packages
#   and libraries - GitLab Container Scanning, Trivy image, Grype, Docker
#   Scout, Snyk Container, Wiz, Prisma - so that a vulnerable base image is
#   noticed before it runs. Skipped when the repository builds no container
#   image.
# custom:
#   id: security.container-scanning
#   category: security
#   level: gold
#   weight: 1
#   remediation: Include GitLab's `Jobs/Container-Scanning.gitlab-ci.yml` template (or the `container-scanning` component), or run `trivy image --exit-code 1 <image>` after the image is built.
package score.checks.security.container_scanning

import data.score.lib.ci
import data.score.lib.containers
import data.score.lib.fixes
import data.score.lib.paths

applicable if count(containers.dockerfiles) > 0

applicable if count(input.containers.builders) > 0

# A shared pipeline the platform config says does it.
runs if ci.provided("security.container-scanning")

runs if ci.template("Container-Scanning")

runs if ci.component("container-scanning")

runs if ci.auto_devops

runs if ci.report("container_scanning")

runs if ci.uses_step(`^(docker/scout-action|snyk/actions/docker|crazy-max/ghaction-container-scan|azure/container-scan|lacework/lw-scanner-action|sysdiglabs/scan-action|neuvector/scan-action)$`)

# Trivy's action scans an image by default.
runs if {
	some u in ci.uses
	ci.step_name(u.ref) == "aquasecurity/trivy-action"
	object.get(u.with, "scan-type", "image") == "image"
}

# Anchore's scan-action scans an image when given one.
runs if {
	some u in ci.uses
	ci.step_name(u.ref) == "anchore/scan-action"
	object.get(u.with, "image", "") != ""
}

# Image scanners run as commands, by command word.
tools := {
	"trivy": `trivy(\s+-\S+(\s+[^-\s]\S*)?)*\s+(image|i)`,
	"grype": `grype(\s+-\S+(\s+[^-\s]\S*)?)*\s+((docker|registry|docker-archive|oci-archive|oci-dir|podman):\S+|[\w.-]+(:\d+)?/[\w./-]+(:[\w.-]+)?(@sha256:[0-9a-f]+)?|\$\S+)`,
	"docker": `docker\s+scout\s+(cves|quickview|recommendations|compare)`,
	"snyk": `snyk\s+container\s+(test|monitor)`,
	"wiz": `wiz\s+docker\s+scan`,
	"wizcli": `wizcli\s+docker\s+scan`,
	"twistcli": `twistcli\s+images\s+scan`,
	"clair-scanner": `clair-scanner`,
	"clairctl": `clairctl`,
	"anchore-cli": `anchore-cli`,
	"sysdig-cli-scanner": `sysdig-cli-scanner`,
}

runs if ci.runs(tools)

violation contains ci.finding("the container image is not scanned for vulnerabilities in CI (GitLab Container Scanning, Trivy image, Grype, Docker Scout, Snyk Container)") if {
	not runs
}

# `score fix` includes GitLab's template in .gitlab-ci.yml, or adds a
# workflow running the matching tool on GitHub Actions.
fix contains {"edit": "gitlab-ci.include", "path": fixes.gitlab_ci_path, "value": {"template": "Jobs/Container-Scanning.gitlab-ci.yml"}, "note": "Container Scanning scans $CI_REGISTRY_IMAGE/$CI_COMMIT_REF_SLUG:$CI_COMMIT_SHA by default; set CS_IMAGE if your pipeline pushes another tag"} if {
	fixes.gitlab_ci
}

fix contains {"create": ".github/workflows/container-scan.yml", "template": "actions-trivy", "value": {"dockerfile": dockerfile}} if {
	fixes.actions
	dockerfile
}

# dockerfile is the Dockerfile the Actions scan builds: the shallowest one.
dockerfile := paths.rootmost({df.path | some df in containers.dockerfiles})
