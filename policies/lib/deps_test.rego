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

test_non_runtime_scope if {
	every s in ["test", "dev", "testImplementation", "androidTestImplementation", "testRuntimeOnly", "build", "lint", "docs"] {
		deps.non_runtime_scope(s)
	}
	every s in ["runtime", "compile", "implementation", "api", "", "peer", "provided", "kapt"] {
		not deps.non_runtime_scope(s)
	}
}

test_runtime_excludes_indirect_go_and_test_scopes if {
	ms := [
		manifest("go", "go.mod", [dep("go.uber.org/zap", "runtime", true), dep("github.com/rs/zerolog", "runtime", false)]),
		manifest("npm", "package.json", [dep("pino", "runtime", false), dep("jest", "dev", false)]),
		manifest("gradle", "build.gradle", [dep("io.micrometer:micrometer-registry-prometheus", "testImplementation", true)]),
	]
	deps.runtime == {{"family": "go", "name": "go.uber.org/zap"}, {"family": "npm", "name": "pino"}} with input.dependencies.manifests as ms
}

test_all_includes_plugins_and_dev if {
	m := object.union(manifest("maven", "pom.xml", [dep("junit:junit", "test", true)]), {"plugins": [dep("org.jacoco:jacoco-maven-plugin", "build", true)]})
	names := {d.name | some d in deps.all} with input.dependencies.manifests as [m]
	names == {"junit:junit", "org.jacoco:jacoco-maven-plugin"}
}

test_texts if {
	deps.texts({{"family": "npm", "name": "pino"}, {"family": "npm", "name": "express"}, {"family": "go", "name": "a"}}) == {"npm": "express\npino", "go": "a"}
}

test_pattern_matching_is_line_by_line if {
	ts := {"npm": "express\nprom-client\nprom-client-extra", "go": "github.com/prometheus/client_golang"}
	deps.pattern_matching(ts, {"npm": [`^prom-client$`]}) == {"prom-client"}
	deps.pattern_matching(ts, {"npm": [`^prom`, `^exp`]}) == {"express", "prom-client", "prom-client-extra"}
	deps.pattern_matching(ts, {"go": [`^github\.com/prometheus/client_golang`], "pypi": [`^x$`], "nuget": []}) == {"github.com/prometheus/client_golang"}
}

# An expression is joined with the anchored ones only when nothing in it
# alternates at the top level: `^a|b` matches b anywhere in a name.
test_pattern_matching_keeps_each_expression_meaning if {
	ts := {"npm": "xa\nxb\nay\nqz|w\nx(y\np-q"}
	deps.pattern_matching(ts, {"npm": [`^a|b`]}) == {"xb", "ay"}
	deps.pattern_matching(ts, {"npm": [`^q[z|]`]}) == {"qz|w"}
	deps.pattern_matching(ts, {"npm": [`^x(a|b)$`]}) == {"xa", "xb"}
	deps.pattern_matching(ts, {"npm": [`^x\(|w`]}) == {"qz|w", "x(y"}
	deps.pattern_matching(ts, {"npm": [`-q$`, `^ay$`]}) == {"p-q", "ay"}
}

test_compile_splits_anchored_from_others if {
	deps.compile({"npm": [`^a(b|c)`, `d|^e`, `^f`], "go": [`x`], "pypi": []}) == {
		"npm": [`(?m)^(?:a(b|c)|f).*$`, `(?m)^.*(?:d|^e).*$`],
		"go": [`(?m)^.*(?:x).*$`],
	}
	deps.compile({"npm": ["^a\nb", `^c`]}) == {"npm": ["(?m)^.*(?:^a\nb|^c).*$"]}
}

test_runtime_matching_with_config if {
	ms := [manifest("npm", "package.json", [dep("@acme/metrics", "runtime", true), dep("prom-client", "runtime", true)])]
	deps.runtime_matching({"npm": [`^prom-client$`]}, "metrics_libraries") == {"prom-client"} with input.dependencies.manifests as ms
	deps.runtime_matching({"npm": [`^prom-client$`]}, "metrics_libraries") == {"prom-client", "@acme/metrics"} with input.dependencies.manifests as ms
		with data.score.config as {"metrics_libraries": ["@acme/*"]}

	# Globs match without case; entries that are not strings are left out.
	deps.globs("metrics_libraries") == ["@acme/*"] with data.score.config as {"metrics_libraries": ["@ACME/*", 42]}
	deps.runtime_matching({"npm": [`^prom-client$`]}, "metrics_libraries") == {"prom-client", "@acme/metrics"} with input.dependencies.manifests as ms
		with data.score.config as {"metrics_libraries": ["@ACME/*", 42]}
}

test_new_families if {
	deps.family("sbt") == "jvm"
	deps.family("cargo") == "cargo"
	deps.normalize("cargo", "Tracing_Subscriber") == "tracing-subscriber"
	deps.names_of("cargo", "tracing_subscriber", ["json", "env-filter"]) == {"tracing-subscriber", "tracing-subscriber[json]", "tracing-subscriber[env-filter]"}
	ms := [{
		"path": "Cargo.toml", "ecosystem": "cargo", "kind": "Cargo.toml", "lockfiles": [], "pinned": false, "dependencies": [
			{"name": "serde", "scope": "managed", "direct": false, "line": 3},
			{"name": "axum", "scope": "runtime", "direct": true, "line": 5},
		],
		"plugins": [], "workspaces": [],
	}]
	deps.runtime == {{"family": "cargo", "name": "axum"}} with input.dependencies.manifests as ms
}

# With the collectors' families, the texts are their lists joined, and a
# family with no names of a kind has no text of it; they are the texts
# computed from the manifests, and match the same names.
test_texts_from_families if {
	ms := [
		manifest("npm", "package.json", [dep("pino", "runtime", false), dep("express", "runtime", false), dep("jest", "dev", false)]),
		manifest("go", "go.mod", [dep("github.com/rs/zerolog", "runtime", false)]),
	]
	fams := {
		"npm": {"runtime": ["express", "pino"], "all": ["express", "jest", "pino"]},
		"go": {"runtime": [], "all": ["github.com/rs/zerolog"]},
	}
	deps.runtime_texts == {"npm": "express\npino"} with input.dependencies as {"manifests": ms, "families": fams}
	deps.all_texts == {"npm": "express\njest\npino", "go": "github.com/rs/zerolog"} with input.dependencies as {"manifests": ms, "families": fams}
	deps.runtime_texts == {"npm": "express\npino"} with input.dependencies as {"manifests": ms, "families": {}}
	deps.all_texts == {"npm": "express\njest\npino", "go": "github.com/rs/zerolog"} with input.dependencies as {"manifests": ms, "families": {}}
	deps.any_matching({"npm": [`^jest$`], "go": [`zerolog`]}, "none") == {"jest", "github.com/rs/zerolog"} with input.dependencies as {"manifests": ms, "families": fams}
}
