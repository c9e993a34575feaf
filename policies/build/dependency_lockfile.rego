# METADATA
# title: Dependencies are locked
# description: >-
#   Every Go, Node, Python, Rust, Ruby, PHP and Elixir manifest that
#   declares dependencies has its lockfile (go.sum; package-lock.json,
#   npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock; poetry.lock,
#   uv.lock, Pipfile.lock or pdm.lock; Cargo.lock, at the workspace root for
#   members; Gemfile.lock; composer.lock; mix.lock, at the umbrella root for
#   its apps) or, for requirements files, pins every requirement with ==, so
#   that every build installs exactly the versions that were reviewed. A
#   lockfile ignored by .gitignore is not committed and does not count.
#   Gemspecs declare ranges for the applications that lock them and are not
#   judged (nor is a Gemfile.lock listing gems its Gemfile does not show);
#   nor are Maven and Gradle. NuGet projects are judged only when
#   the repository sets RestorePackagesWithLockFile: central package
#   management (Directory.Packages.props) pins direct versions but not
#   transitive ones, so it is not a lockfile. sbt builds are judged only
#   when a lock plugin is declared (sbt-dependency-lock, sbt-lock): then
#   every build.sbt with dependencies needs the build.sbt.lock or lock.sbt
#   beside it. Skipped without such manifests.
# custom:
#   id: build.dependency-lockfile
#   category: build
#   level: bronze
#   weight: 3
#   remediation: Commit the lockfile your package manager writes (`go mod tidy` writes `go.sum`, `npm install` writes `package-lock.json`, `poetry lock` or `uv lock` for Python), or pin every requirement with `==` (for example with `pip-compile`).
package score.checks.build.dependency_lockfile

lockable contains m if {
	some m in input.dependencies.manifests
	m.ecosystem in {"go", "npm", "pypi", "cargo", "composer", "hex"}
}

lockable contains m if {
	some m in input.dependencies.manifests
	m.ecosystem == "rubygems"
	m.kind in {"Gemfile", "gems.rb"}
}

# NuGet projects are judged when the repository opts into lock files
# (RestorePackagesWithLockFile in a project or Directory.Build.props):
# then every project with package references needs its packages.lock.json.
lockable contains m if {
	nuget_lock_files
	some m in input.dependencies.manifests
	m.ecosystem == "nuget"
	m.kind in {"csproj", "fsproj", "vbproj"}
}

nuget_lock_files if {
	some m in input.dependencies.manifests
	m.ecosystem == "nuget"
	lower(object.get(object.get(m, "properties", {}), "RestorePackagesWithLockFile", "")) == "true"
}

# sbt builds are judged when the build declares a lock plugin
# (project/plugins.sbt): the plugin writes a lockfile per project, and a
# build.sbt without one has not been locked.
lockable contains m if {
	sbt_lock_plugin
	some m in input.dependencies.manifests
	m.ecosystem == "sbt"
	m.kind == "build.sbt"
}

sbt_lock_plugins := {"software.purpledragon:sbt-dependency-lock", "com.github.tkawachi:sbt-lock"}

sbt_lock_plugin if {
	some m in input.dependencies.manifests
	m.ecosystem == "sbt"
	some p in m.plugins
	lower(p.name) in sbt_lock_plugins
}

applicable if count(lockable) > 0

# needs_lock: something to lock. Build-system requirements of a
# pyproject.toml (scope build) alone need no lockfile.
needs_lock(m) if {
	m.ecosystem != "cargo"
	some d in m.dependencies
	d.scope != "build"
}

# Cargo locks build-dependencies too: any dependency needs Cargo.lock.
needs_lock(m) if {
	m.ecosystem == "cargo"
	count(m.dependencies) > 0
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

evidence contains {"msg": "no dependency manifest of an ecosystem that locks"} if {
	count(lockable) == 0
}

lock_names := {
	"cargo": "Cargo.lock (at the workspace root for a member)",
	"rubygems": "Gemfile.lock",
	"composer": "composer.lock",
	"hex": "mix.lock",
	"nuget": "packages.lock.json (RestorePackagesWithLockFile is set)",
	"sbt": "build.sbt.lock or lock.sbt (an sbt lock plugin is declared)",
}

message(m) := sprintf("%s declares dependencies but no %s was found for it (a lockfile listed in .gitignore is not committed)", [m.kind, lock_names[m.ecosystem]])
