# METADATA
# title: Dependencies are locked
# description: >-
#   Every Go, Node and Python manifest that declares dependencies has its
#   lockfile (go.sum; package-lock.json, npm-shrinkwrap.json, yarn.lock,
#   pnpm-lock.yaml or bun.lock; poetry.lock, uv.lock, Pipfile.lock or
#   pdm.lock) or, for requirements files, pins every requirement with ==, so
#   that every build installs exactly the versions that were reviewed.
#   Maven, Gradle and NuGet are not judged. Skipped without such manifests.
# custom:
#   id: build.dependency-lockfile
#   category: build
#   level: bronze
#   weight: 3
#   remediation: Commit the lockfile your package manager writes (`go mod tidy` writes `go.sum`, `npm install` writes `package-lock.json`, `poetry lock` or `uv lock` for Python), or pin every requirement with `==` (for example with `pip-compile`).
package score.checks.build.dependency_lockfile

lockable contains m if {
	some m in input.dependencies.manifests
	m.ecosystem in {"go", "npm", "pypi"}
}

applicable if count(lockable) > 0

# needs_lock: something to lock. Build-system requirements of a
# pyproject.toml (scope build) alone need no lockfile.
needs_lock(m) if {
	some d in m.dependencies
	d.scope != "build"
}

locked(m) if count(m.lockfiles) > 0

locked(m) if m.pinned

violation contains {"msg": message(m), "path": m.path} if {
	some m in lockable
	needs_lock(m)
	not locked(m)
}

message(m) := "go.mod has requirements but no go.sum" if m.ecosystem == "go"

message(m) := "package.json declares dependencies but no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock) was found for it" if m.ecosystem == "npm"

message(m) := sprintf("%s is not fully pinned with == and has no lockfile", [m.kind]) if {
	m.ecosystem == "pypi"
	regex.match(`(?i)requirements`, m.kind)
}

message(m) := sprintf("%s declares dependencies but has no lockfile (poetry.lock, uv.lock, Pipfile.lock or pdm.lock)", [m.kind]) if {
	m.ecosystem == "pypi"
	not regex.match(`(?i)requirements`, m.kind)
}

# evidence: each manifest and how it is locked.
evidence contains {"msg": sprintf("%s is locked by %s", [m.path, concat(", ", m.lockfiles)]), "path": m.path} if {
	some m in lockable
	count(m.lockfiles) > 0
}

evidence contains {"msg": sprintf("%s pins every requirement", [m.path]), "path": m.path} if {
	some m in lockable
	count(m.lockfiles) == 0
	m.pinned
}

evidence contains {"msg": sprintf("%s needs no lockfile: it declares no dependencies beyond build requirements", [m.path]), "path": m.path} if {
	some m in lockable
	not needs_lock(m)
}

evidence contains {"msg": "no Go, npm or Python manifest to lock"} if {
	count(lockable) == 0
}
