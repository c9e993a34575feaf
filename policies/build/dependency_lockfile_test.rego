package score.checks.build.dependency_lockfile_test

import data.score.checks.build.dependency_lockfile

manifest(ecosystem, kind, path, deps, lockfiles) := {"path": path, "ecosystem": ecosystem, "kind": kind, "lockfiles": lockfiles, "pinned": false, "dependencies": deps, "plugins": [], "workspaces": []}

dep(name, scope) := {"name": name, "scope": scope, "direct": true, "line": 4}

test_pass_with_lockfiles if {
	ms := [
		manifest("go", "go.mod", "go.mod", [dep("github.com/spf13/cobra", "runtime")], ["go.sum"]),
		manifest("npm", "package.json", "web/package.json", [dep("react", "runtime")], ["web/pnpm-lock.yaml"]),
		manifest("pypi", "pyproject.toml", "pyproject.toml", [dep("fastapi", "runtime")], ["uv.lock"]),
	]
	dependency_lockfile.applicable with input.dependencies.manifests as ms
	count(dependency_lockfile.violation) == 0 with input.dependencies.manifests as ms
}

test_pass_pinned_requirements if {
	m := object.union(manifest("pypi", "requirements.txt", "requirements.txt", [dep("flask", "runtime")], []), {"pinned": true})
	count(dependency_lockfile.violation) == 0 with input.dependencies.manifests as [m]
}

test_fail_each_manifest_without_lock if {
	ms := [
		manifest("go", "go.mod", "svc/a/go.mod", [dep("github.com/spf13/cobra", "runtime")], []),
		manifest("npm", "package.json", "web/package.json", [dep("react", "runtime")], []),
		manifest("pypi", "requirements.txt", "requirements.txt", [dep("flask", "runtime")], []),
		manifest("pypi", "pyproject.toml", "tools/pyproject.toml", [dep("httpx", "runtime")], []),
	]
	vs := dependency_lockfile.violation with input.dependencies.manifests as ms
	vs == {
		{"msg": "go.mod has requirements but no go.sum", "path": "svc/a/go.mod"},
		{"msg": "package.json declares dependencies but no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml or bun.lock) was found for it", "path": "web/package.json"},
		{"msg": "requirements.txt is not fully pinned with == and has no lockfile", "path": "requirements.txt"},
		{"msg": "pyproject.toml declares dependencies but has no lockfile (poetry.lock, uv.lock, Pipfile.lock or pdm.lock)", "path": "tools/pyproject.toml"},
	}
}

test_nothing_to_lock_needs_no_lockfile if {
	ms := [
		manifest("go", "go.mod", "go.mod", [], []),
		manifest("pypi", "pyproject.toml", "pyproject.toml", [dep("setuptools", "build"), dep("wheel", "build")], []),
	]
	count(dependency_lockfile.violation) == 0 with input.dependencies.manifests as ms
}

test_skip_without_lockable_manifests if {
	ms := [manifest("maven", "pom.xml", "pom.xml", [dep("org.springframework.boot:spring-boot-starter-web", "runtime")], [])]
	not dependency_lockfile.applicable with input.dependencies.manifests as ms
	not dependency_lockfile.applicable with input.dependencies.manifests as []
}

test_evidence_names_the_lockfile if {
	ev := dependency_lockfile.evidence with input.dependencies.manifests as [{
		"path": "go.mod", "ecosystem": "go", "kind": "go.mod", "lockfiles": ["go.sum"], "pinned": false,
		"dependencies": [{"name": "github.com/x/y", "scope": "", "direct": true}],
	}]
	ev == {{"msg": "go.mod is locked by go.sum", "path": "go.mod"}}
}

test_new_ecosystems if {
	ms := [
		manifest("cargo", "Cargo.toml", "Cargo.toml", [dep("serde", "managed")], ["Cargo.lock"]),
		manifest("cargo", "Cargo.toml", "crates/api/Cargo.toml", [dep("axum", "runtime")], ["Cargo.lock"]),
		manifest("cargo", "Cargo.toml", "tools/gen/Cargo.toml", [dep("cc", "build")], []),
		manifest("rubygems", "Gemfile", "Gemfile", [dep("rails", "runtime")], []),
		manifest("rubygems", "gemspec", "engines/x/x.gemspec", [dep("rails", "runtime")], []),
		manifest("rubygems", "Gemfile.lock", "engines/y/Gemfile.lock", [dep("yabeda", "runtime")], ["engines/y/Gemfile.lock"]),
		manifest("composer", "composer.json", "composer.json", [dep("laravel/framework", "runtime")], []),
		manifest("hex", "mix.exs", "mix.exs", [dep("phoenix", "runtime")], ["mix.lock"]),
	]
	{v.path | some v in dependency_lockfile.violation} == {"tools/gen/Cargo.toml", "Gemfile", "composer.json"} with input.dependencies.manifests as ms
}

test_nuget_judged_only_with_lock_files_on if {
	proj := manifest("nuget", "csproj", "src/Api/Api.csproj", [dep("Serilog", "runtime")], [])
	cpm := manifest("nuget", "Directory.Packages.props", "Directory.Packages.props", [dep("Serilog", "managed")], [])
	not dependency_lockfile.applicable with input.dependencies.manifests as [proj, cpm]
	props := object.union(manifest("nuget", "Directory.Build.props", "Directory.Build.props", [], []), {"properties": {"RestorePackagesWithLockFile": "true"}})
	{v.path | some v in dependency_lockfile.violation} == {"src/Api/Api.csproj"} with input.dependencies.manifests as [proj, cpm, props]
	locked := object.union(proj, {"lockfiles": ["src/Api/packages.lock.json"]})
	count(dependency_lockfile.violation) == 0 with input.dependencies.manifests as [locked, cpm, props]
}

test_sbt_judged_only_with_a_lock_plugin if {
	build := manifest("sbt", "build.sbt", "build.sbt", [dep("io.kamon:kamon-bundle", "runtime")], [])
	tools := manifest("sbt", "build.sbt", "tools/build.sbt", [], [])
	not dependency_lockfile.applicable with input.dependencies.manifests as [build, tools]
	plugin := object.union(manifest("sbt", "plugins.sbt", "project/plugins.sbt", [], []), {"plugins": [dep("software.purpledragon:sbt-dependency-lock", "build")]})
	{v.path | some v in dependency_lockfile.violation} == {"build.sbt"} with input.dependencies.manifests as [build, tools, plugin]
	locked := object.union(build, {"lockfiles": ["build.sbt.lock"]})
	count(dependency_lockfile.violation) == 0 with input.dependencies.manifests as [locked, tools, plugin]
}
