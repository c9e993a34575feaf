package score.lib.deps_test

import data.score.lib.deps

manifest(ecosystem, path, dependencies) := {"path": path, "ecosystem": ecosystem, "kind": "", "lockfiles": [], "pinned": false, "dependencies": dependencies, "plugins": [], "workspaces": []}

dep(name, scope, direct) := {"name": name, "scope": scope, "direct": direct, "line": 3}

test_family if {
	deps.family("maven") == "jvm"
	deps.family("gradle") == "jvm"
	deps.family("npm") == "npm"
}

test_normalize if {
	deps.normalize("pypi", "Python_JSON.Logger") == "python-json-logger"
	deps.normalize("nuget", "Serilog.AspNetCore") == "serilog.aspnetcore"
	deps.normalize("go", "github.com/Sirupsen/logrus") == "github.com/sirupsen/logrus"
}

test_runtime_excludes_indirect_go_and_test_scopes if {
	ms := [
		manifest("go", "go.mod", [dep("go.uber.org/zap", "runtime", true), dep("github.com/rs/zerolog", "runtime", false)]),
		manifest("npm", "package.json", [dep("pino", "runtime", false), dep("jest", "dev", false)]),
		manifest("gradle", "build.gradle", [dep("io.micrometer:micrometer-registry-prometheus", "testImplementation", true)]),
	]
	names := {d.name | some d in deps.runtime} with input.dependencies.manifests as ms
	names == {"go.uber.org/zap", "pino"}
}

test_all_includes_plugins_and_dev if {
	m := object.union(manifest("maven", "pom.xml", [dep("junit:junit", "test", true)]), {"plugins": [dep("org.jacoco:jacoco-maven-plugin", "build", true)]})
	names := {d.name | some d in deps.all} with input.dependencies.manifests as [m]
	names == {"junit:junit", "org.jacoco:jacoco-maven-plugin"}
}

test_matches_patterns_and_config if {
	d := {"family": "npm", "name": "@acme/metrics"}
	not deps.matches(d, {"npm": [`^prom-client$`]}, "metrics_libraries")
	deps.matches({"family": "npm", "name": "prom-client"}, {"npm": [`^prom-client$`]}, "metrics_libraries")
	deps.matches(d, {"npm": [`^prom-client$`]}, "metrics_libraries") with data.score.config as {"metrics_libraries": ["@acme/*"]}
}
