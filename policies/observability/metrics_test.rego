package score.checks.observability.metrics_test

import data.score.checks.observability.metrics

manifest(ecosystem, path, deps) := {"path": path, "ecosystem": ecosystem, "kind": "", "lockfiles": [], "pinned": false, "dependencies": deps, "plugins": [], "workspaces": []}

dep(name, scope, direct) := {"name": name, "scope": scope, "direct": direct, "line": 5}

passes(ms) if {
	vs := metrics.violation with input.dependencies.manifests as ms
	count(vs) == 0
}

test_pass_go_prometheus if {
	passes([manifest("go", "go.mod", [dep("github.com/prometheus/client_golang", "runtime", true)])])
}

test_pass_spring_actuator_in_gradle if {
	passes([manifest("gradle", "build.gradle.kts", [dep("org.springframework.boot:spring-boot-starter-actuator", "implementation", true)])])
}

test_pass_prom_client_in_workspace_member if {
	passes([
		manifest("npm", "package.json", []),
		manifest("npm", "packages/api/package.json", [dep("prom-client", "runtime", true)]),
	])
}

test_pass_pypi_normalised_name if {
	passes([manifest("pypi", "pyproject.toml", [dep("Prometheus_Client", "runtime", true)])])
}

test_pass_nuget if {
	passes([manifest("nuget", "src/Api/Api.csproj", [dep("prometheus-net.AspNetCore", "runtime", true)])])
}

test_fail_indirect_go_dependency_does_not_count if {
	ms := [manifest("go", "go.mod", [dep("github.com/prometheus/client_golang", "runtime", false), dep("github.com/spf13/cobra", "runtime", true)])]
	vs := metrics.violation with input.dependencies.manifests as ms
	vs == {{"msg": "no metrics library among the direct runtime dependencies (Prometheus client, Micrometer, Spring Boot Actuator, prom-client, OpenTelemetry metrics)", "path": "go.mod"}}
}

test_fail_test_scope_does_not_count if {
	ms := [
		manifest("maven", "pom.xml", [dep("io.prometheus:simpleclient", "test", true)]),
		manifest("maven", "service/pom.xml", []),
	]
	vs := metrics.violation with input.dependencies.manifests as ms
	{v.path | some v in vs} == {"pom.xml"}
}

test_fail_tracing_only_opentelemetry if {
	ms := [manifest("npm", "package.json", [dep("@opentelemetry/sdk-trace-node", "runtime", true)])]
	count(metrics.violation) == 1 with input.dependencies.manifests as ms
}

test_configured_library if {
	ms := [manifest("go", "go.mod", [dep("example.com/platform/telemetry", "runtime", true)])]
	count(metrics.violation) == 1 with input.dependencies.manifests as ms
	count(metrics.violation) == 0 with input.dependencies.manifests as ms with data.score.config as {"metrics_libraries": ["example.com/platform/*"]}
}

test_skip_without_manifests if {
	not metrics.applicable with input.dependencies.manifests as []
}

test_pass_each_new_ecosystem if {
	passes([manifest("cargo", "Cargo.toml", [dep("metrics-exporter-prometheus", "runtime", true)])])
	passes([manifest("cargo", "Cargo.toml", [dep("prometheus_client", "runtime", true)])])
	passes([manifest("rubygems", "Gemfile", [dep("yabeda-prometheus", "runtime", true)])])
	passes([manifest("rubygems", "Gemfile", [dep("statsd-instrument", "production", true)])])
	passes([manifest("composer", "composer.json", [dep("promphp/prometheus_client_php", "runtime", true)])])
	passes([manifest("hex", "mix.exs", [dep("prom_ex", "runtime", true)])])
}

test_fail_new_ecosystems_dev_groups_and_workspace_declarations if {
	not passes([manifest("rubygems", "Gemfile", [dep("prometheus-client", "development,test", true)])])
	not passes([manifest("hex", "mix.exs", [dep("telemetry_metrics_prometheus", "dev,test", true)])])
	not passes([manifest("cargo", "Cargo.toml", [dep("prometheus", "managed", false)])])
	not passes([manifest("cargo", "Cargo.toml", [dep("tracing", "runtime", true)])])
}

test_pass_sbt_kamon if {
	passes([manifest("sbt", "build.sbt", [dep("io.kamon:kamon-prometheus", "runtime", true)])])
	not passes([manifest("sbt", "build.sbt", [dep("io.kamon:kamon-prometheus", "test", true)])])
}

test_pass_scala_and_otel_wrappers if {
	passes([manifest("sbt", "build.sbt", [dep("com.softwaremill.sttp.tapir:tapir-opentelemetry-metrics", "runtime", true)])])
	passes([manifest("sbt", "build.sbt", [dep("org.http4s:http4s-prometheus-metrics", "runtime", true)])])
	passes([manifest("sbt", "build.sbt", [dep("io.opentelemetry.instrumentation:opentelemetry-runtime-telemetry-java17", "runtime", true)])])
	passes([manifest("gradle", "build.gradle.kts", [dep("io.opentelemetry:opentelemetry-sdk-extension-autoconfigure", "implementation", true)])])
	not passes([manifest("sbt", "build.sbt", [dep("io.opentelemetry:opentelemetry-api", "runtime", true)])])
}
