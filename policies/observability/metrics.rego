# METADATA
# title: The service exposes metrics
# description: >-
#   A metrics library is a direct runtime dependency - a Prometheus client,
#   Micrometer registries, Spring Boot Actuator, prom-client, an
#   OpenTelemetry metrics SDK or exporter, a StatsD client; for Rust
#   prometheus, prometheus-client or metrics-exporter-prometheus; for Ruby
#   prometheus-client, yabeda, statsd-instrument or dogstatsd-ruby; for PHP
#   promphp/prometheus_client_php or open-telemetry/sdk; for Elixir
#   telemetry_metrics_prometheus or prom_ex; for .NET prometheus-net,
#   OpenTelemetry or App.Metrics - so that the service can be watched and
#   alerted on. Go `// indirect` requirements, Cargo
#   [workspace.dependencies] declarations and test or development
#   dependencies (Bundler development/test groups, Mix only: [:dev, :test])
#   do not count. A direct dependency that wraps a listed library counts
#   when the wrapper itself is listed (a Prometheus middleware such as
#   express-prom-bundle, axum-prometheus or prometheus-fastapi-
#   instrumentator; an OpenTelemetry instrumentation package): the facts
#   hold direct dependencies, not the dependency graph, so wrappers are
#   named one by one. A company's own kit is declared in the platform
#   config, for example `metrics_libraries: ["github.com/acme/telemetry*",
#   "@acme/metrics"]` (globs on lower-cased names, in every ecosystem).
#   Ecosystems read: Go, npm, Maven, Gradle and sbt, PyPI, NuGet, Cargo, RubyGems
#   (Gemfile and gemspec), Composer and Hex (mix.exs). Skipped without
#   dependency manifests.
# custom:
#   id: observability.metrics
#   category: observability
#   level: silver
#   weight: 2
#   remediation: Add a metrics library and expose a `/metrics` endpoint, for example `github.com/prometheus/client_golang`, `io.micrometer:micrometer-registry-prometheus` with Spring Boot Actuator, `prom-client` or `prometheus-client`.
package score.checks.observability.metrics

import data.score.lib.deps
import data.score.lib.paths

applicable if count(input.dependencies.manifests) > 0

# Names are lower-cased (PyPI names also PEP 503-normalised) before matching.
libraries := {
	"go": [
		`^github\.com/prometheus/client_golang`,
		`^go\.opentelemetry\.io/otel/sdk/metric`,
		`^go\.opentelemetry\.io/otel/exporters/(prometheus|otlp/otlpmetric)`,
		`^go\.opentelemetry\.io/contrib/instrumentation/runtime`,
		`^github\.com/victoriametrics/metrics`,
		`^github\.com/(armon|hashicorp)/go-metrics`,
		`^github\.com/rcrowley/go-metrics`,
		`^github\.com/uber-go/tally`,
		`^github\.com/datadog/datadog-go`,
		`^github\.com/cactus/go-statsd-client`,
		`^go\.opencensus\.io$`,
	],
	"jvm": [
		`^io\.micrometer:micrometer-registry-`,
		`^io\.prometheus:`,
		`^org\.springframework\.boot:spring-boot-starter-actuator$`,
		`^io\.opentelemetry:opentelemetry-(sdk|sdk-metrics|exporter-prometheus)$`,
		`^io\.opentelemetry\.instrumentation:opentelemetry-spring-boot-starter$`,
		`^io\.quarkus:quarkus-(micrometer.*|smallrye-metrics)$`,
		`^io\.micronaut\.micrometer:`,
		`^io\.dropwizard\.metrics5?:`,
		`^io\.helidon\.metrics:`,
		`^com\.datadoghq:java-dogstatsd-client$`,
		`^io\.kamon:kamon-(bundle|prometheus|statsd|datadog)$`,
		# The OpenTelemetry SDK set up by autoconfigure, and JVM runtime
		# metrics through OpenTelemetry.
		`^io\.opentelemetry:opentelemetry-sdk-extension-autoconfigure$`,
		`^io\.opentelemetry\.instrumentation:opentelemetry-runtime-(telemetry|metrics)`,
		# Scala and Kotlin HTTP stacks' metrics modules (wrappers of Prometheus,
		# OpenTelemetry or Micrometer).
		`^com\.softwaremill\.sttp\.tapir:tapir-(prometheus|opentelemetry)-metrics$`,
		`^org\.http4s:http4s-(prometheus|dropwizard)-metrics$`,
		`^org\.typelevel:otel4s-(oteljava|sdk)(-metrics)?$`,
		`^io\.ktor:ktor-server-metrics-micrometer(-jvm)?$`,
	],
	"npm": [
		`^prom-client$`,
		`^express-prom-bundle$`,
		`^@willsoto/nestjs-prometheus$`,
		`^@opentelemetry/(sdk-metrics|sdk-node|exporter-prometheus|exporter-metrics-otlp-.+|host-metrics)$`,
		`^(hot-shots|node-statsd|statsd-client|datadog-metrics)$`,
	],
	"pypi": [
		`^prometheus-client$`,
		`^prometheus-fastapi-instrumentator$`,
		`^prometheus-flask-exporter$`,
		`^django-prometheus$`,
		`^starlette-exporter$`,
		`^opentelemetry-(sdk|distro|exporter-prometheus|exporter-otlp.*)$`,
		`^(statsd|datadog)$`,
	],
	"nuget": [
		`^prometheus-net`,
		`^opentelemetry$`,
		`^opentelemetry\.(exporter\.prometheus.*|extensions\.hosting|instrumentation\.runtime|instrumentation\.aspnetcore)$`,
		`^app\.metrics`,
		`^azure\.monitor\.opentelemetry\.`,
		`^dogstatsd-csharp-client$`,
	],
	# Crate names with "_" folded into "-".
	"cargo": [
		`^prometheus$`,
		`^prometheus-client$`,
		`^metrics-exporter-(prometheus|statsd|dogstatsd)$`,
		`^opentelemetry-prometheus$`,
		`^(axum-prometheus|actix-web-prom|autometrics|cadence|dogstatsd)$`,
	],
	"rubygems": [
		`^prometheus-client(-mmap)?$`,
		`^prometheus_exporter$`,
		`^yabeda`,
		`^statsd-instrument$`,
		`^dogstatsd-ruby$`,
		`^opentelemetry-metrics-sdk$`,
	],
	"composer": [
		`^(promphp|jimdo|endclothing)/prometheus_client_php$`,
		`^spatie/laravel-prometheus$`,
		`^artprima/prometheus-metrics-bundle$`,
		`^open-telemetry/(sdk|exporter-prometheus)$`,
		`^datadog/php-datadogstatsd$`,
		`^(league|slickdeals)/statsd$`,
	],
	"hex": [
		`^telemetry_metrics_(prometheus(_core)?|statsd)$`,
		`^prom_ex$`,
		`^prometheus_(ex|plugs|phoenix|ecto)$`,
		`^peep$`,
	],
}

found if count(deps.runtime_matching(libraries, "metrics_libraries")) > 0

violation contains {"msg": "no metrics library among the direct runtime dependencies (Prometheus client, Micrometer, Spring Boot Actuator, prom-client, OpenTelemetry metrics)", "path": p} if {
	not found
	p := paths.rootmost({m.path | some m in input.dependencies.manifests})
}
