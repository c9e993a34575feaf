# METADATA
# title: Containers run as a non-root user
# description: >-
#   The final stage of each shipped image's Dockerfile runs as a non-root
#   USER (a name, or a uid other than 0) or starts from a base image known
#   to run as non-root, and every container of every Kubernetes workload
#   runs with runAsNonRoot true or a runAsUser above 0 (set on the
#   container or inherited from the pod). A process that escapes a root
#   container starts as root on the node. Each image and each workload is
#   judged on its own: a non-root image does not excuse a workload that
#   does not enforce it, nor the reverse. Build-only Dockerfiles are left
#   out: those under a test, e2e, ci, tools or hack folder, those named for
#   a test, build, dev or CI image (Dockerfile.test, Dockerfile.build,
#   Dockerfile.dev, Dockerfile.ci, Dockerfile.e2e, x.test.Dockerfile), and
#   those whose final stage is FROM scratch with no CMD or ENTRYPOINT (it
#   exports build artefacts and never runs). Helm values referenced from
#   templates are read from the chart's values.yaml; a container whose
#   setting comes from a template that cannot be resolved is not judged.
#   Skipped when there is nothing to judge.
# custom:
#   id: security.container-non-root
#   category: security
#   level: silver
#   weight: 3
#   remediation: Add a `USER 10001` line to the final stage of each Dockerfile (or build FROM a non-root image such as `gcr.io/distroless/static-debian12:nonroot`), and set `runAsNonRoot` to true with a non-zero `runAsUser` in each workload's pod securityContext.
package score.checks.security.container_non_root

import data.score.lib.containers
import data.score.lib.images

applicable if count(containers.shipped_dockerfiles) > 0

applicable if count(judged) > 0

# root_user holds for USER values that mean root: root, 0, 0:0, root:*,
# 0:<group>.
root_user(value) if {
	user := trim_space(split(lower(value), ":")[0])
	user in {"root", "0", ""}
}

# Dockerfiles: the final stage must end as a non-root user, or come from a
# known non-root base image without switching back to root.
dockerfile_offender contains {"msg": msg, "path": df.path, "line": u.line} if {
	some df in containers.shipped_dockerfiles
	u := df.final_stage.effective_user
	root_user(u.value)
	msg := sprintf("the final stage runs as root (USER %s)", [u.value])
}

dockerfile_offender contains {"msg": msg, "path": df.path, "line": final.line} if {
	some df in containers.shipped_dockerfiles
	final := df.final_stage
	not final.effective_user
	not nonroot_base(final)
	msg := sprintf("the final stage sets no USER, so it runs as root (%s)", [base_note(final)])
}

nonroot_base(final) if images.known_nonroot(final.base)

base_note(final) := sprintf("%s is not known to run as non-root", [images.reference(final.base)]) if {
	final.base
} else := "it is built from scratch"

# Kubernetes: a container's securityContext overrides its pod's. setting
# is always defined (null when neither sets key): a function call under
# `not` is evaluated outside the negation, so it must not be undefined.
setting(w, c, key) := v if {
	v := object.get(c, key, null)
	v != null
} else := object.get(w, key, null)

non_root_container(w, c) if {
	uid := setting(w, c, "run_as_user")
	is_number(uid)
	uid > 0
}

non_root_container(w, c) if {
	setting(w, c, "run_as_non_root") == true
	setting(w, c, "run_as_user") != 0
}

# A Helm chart whose securityContext comes from a helper or some other
# action the collector could not resolve against values.yaml cannot be
# judged: its containers neither pass nor fail the workload side.
unknown(w, c) if {
	not non_root_container(w, c)
	templated(w, c)
}

templated(w, _) if w.security_context_templated

templated(_, c) if c.security_context_templated

# judged are the workload containers whose setting is known.
judged contains [w.path, w.line, i] if {
	some w in input.kubernetes.workloads
	some i, c in w.containers
	not unknown(w, c)
}

workload_offender contains {"msg": msg, "path": w.path, "line": line} if {
	some w in input.kubernetes.workloads
	some c in w.containers
	not non_root_container(w, c)
	not templated(w, c)
	msg := sprintf("%s %s, container %s: neither runAsNonRoot: true nor a runAsUser above 0 is set on the container or the pod", [w.kind, w.name, c.name])
	line := container_line(w, c)
}

container_line(w, c) := c.line if {
	c.line > 0
} else := w.line

# Every shipped image and every running workload is judged: a non-root
# image does not make a workload without runAsNonRoot safe to run another
# image, and a pod setting does not fix the image others may run.
violation contains v if {
	some v in (dockerfile_offender | workload_offender)
}

# `score fix` adds `USER 10001` at the end of the final stage of each
# Dockerfile that runs as root, when no workload fails too. Workload
# securityContexts are left to a person: the right uid depends on the image.
fix contains {"edit": "dockerfile.user", "path": o.path, "value": {"user": "10001"}, "note": "files the process writes must be writable by uid 10001, and it cannot bind ports below 1024"} if {
	count(workload_offender) == 0 # a fix must make the check pass; workloads are left to a person
	some o in dockerfile_offender
}
