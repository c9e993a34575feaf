package score.checks.observability.tracing_test

import data.score.checks.observability.tracing

manifest(ecosystem, path, deps) := {"path": path, "ecosystem": ecosystem, "kind": "", "lockfiles": [], "pinned": false, "dependencies": deps, "plugins": [], "workspaces": []}

dep(name, scope, direct) := {"name": name, "scope": scope, "direct": direct, "line": 5}

passes(ms) if {
	vs := tracing.violation with input.dependencies.manifests as ms
	count(vs) == 0
}

test_pass_go_otel if {
	passes([manifest("go", "go.mod", [dep("go.opentelemetry.io/otel", "runtime", true), dep("go.opentelemetry.io/otel/sdk", "runtime", true)])])
}

test_pass_otel_spring_starter if {
	passes([manifest("maven", "pom.xml", [dep("io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter", "compile", true)])])
}

test_pass_dd_trace if {
	passes([manifest("npm", "package.json", [dep("dd-trace", "runtime", true)])])
}

test_pass_python_distro if {
	passes([manifest("pypi", "requirements.txt", [dep("opentelemetry-distro", "runtime", true)])])
}

test_pass_nuget if {
	passes([manifest("nuget", "Api.csproj", [dep("OpenTelemetry.Extensions.Hosting", "runtime", true)])])
}

test_fail_indirect_go_dependency_does_not_count if {
	ms := [manifest("go", "go.mod", [dep("go.opentelemetry.io/otel", "runtime", false)])]
	vs := tracing.violation with input.dependencies.manifests as ms
	vs == {{"msg": "no tracing SDK among the direct runtime dependencies (OpenTelemetry, Jaeger, Zipkin, dd-trace, Elastic APM)", "path": "go.mod"}}
}

test_fail_metrics_only_opentelemetry if {
	ms := [manifest("npm", "package.json", [dep("@opentelemetry/sdk-metrics", "runtime", true), dep("@opentelemetry/exporter-prometheus", "runtime", true)])]
	count(tracing.violation) == 1 with input.dependencies.manifests as ms
}

test_fail_dev_dependency if {
	ms := [manifest("npm", "package.json", [dep("@opentelemetry/api", "dev", true)])]
	count(tracing.violation) == 1 with input.dependencies.manifests as ms
}

test_skip_without_manifests if {
	not tracing.applicable with input.dependencies.manifests as []
}

traced(ms) if {
	vs := tracing.violation with input.dependencies.manifests as ms
	count(vs) == 0
}

m11(eco, names) := {"path": "x", "ecosystem": eco, "kind": "", "lockfiles": [], "pinned": false, "dependencies": [{"name": n, "scope": "runtime", "direct": true, "line": 1} | some n in names], "plugins": [], "workspaces": []}

test_new_ecosystems if {
	traced([m11("cargo", ["tracing", "tracing-opentelemetry"])])
	traced([m11("cargo", ["opentelemetry-otlp"])])
	not traced([m11("cargo", ["tracing", "tracing-subscriber"])])
	not traced([m11("cargo", ["opentelemetry-prometheus"])])
	traced([m11("rubygems", ["datadog"])])
	traced([m11("rubygems", ["opentelemetry-sdk"])])
	not traced([m11("rubygems", ["opentelemetry-metrics-sdk"])])
	traced([m11("composer", ["open-telemetry/sdk"])])
	not traced([m11("composer", ["open-telemetry/exporter-prometheus"])])
	traced([m11("hex", ["opentelemetry_exporter"])])
}

test_pass_scala_tracing if {
	passes([manifest("sbt", "build.sbt", [dep("org.typelevel:otel4s-oteljava", "runtime", true)])])
	passes([manifest("sbt", "build.sbt", [dep("org.tpolecat:natchez-jaeger", "runtime", true)])])
	passes([manifest("sbt", "build.sbt", [dep("com.softwaremill.sttp.tapir:tapir-opentelemetry-tracing", "runtime", true)])])
	passes([manifest("sbt", "build.sbt", [dep("com.softwaremill.sttp.client4:opentelemetry-backend", "runtime", true)])])
}

test_otel_runtime_metrics_and_log_appenders_are_not_tracing if {
	not passes([manifest("sbt", "build.sbt", [
		dep("io.opentelemetry.instrumentation:opentelemetry-runtime-telemetry-java17", "runtime", true),
		dep("io.opentelemetry.instrumentation:opentelemetry-logback-appender-1.0", "runtime", true),
	])])
}
