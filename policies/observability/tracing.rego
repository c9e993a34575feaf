# METADATA
# title: The service is traced
# description: >-
#   A distributed-tracing SDK or agent library is a direct runtime
#   dependency - OpenTelemetry, Jaeger, Zipkin, Micrometer Tracing or
#   Sleuth, Datadog dd-trace (the datadog or ddtrace gem, datadog/dd-trace
#   for PHP), Elastic APM; for Rust opentelemetry(-otlp) or tracing-
#   opentelemetry (plain `tracing` records spans in-process and is logging,
#   not distributed tracing) - so that a request can be followed across
#   services. OpenTelemetry packages that only do metrics do not count. Go
#   `// indirect` requirements and test or development dependencies do not
#   count; a tracing agent attached only at run time (java -javaagent)
#   cannot be seen. A company's own kit is declared with `tracing_libraries`
#   in the platform config. Ecosystems read: Go, npm, Maven, Gradle and sbt,
#   PyPI, NuGet, Cargo, RubyGems (Gemfile and gemspec), Composer and Hex
#   (mix.exs). Skipped without dependency manifests.
# custom:
#   id: observability.tracing
#   category: observability
#   level: gold
#   weight: 1
#   remediation: Add the OpenTelemetry SDK and instrumentation for your framework (for example `go.opentelemetry.io/otel` with `otelhttp`, `io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter`, `@opentelemetry/sdk-node` or `opentelemetry-distro`) and export spans over OTLP.
package score.checks.observability.tracing

import data.score.lib.deps
import data.score.lib.paths

applicable if count(input.dependencies.manifests) > 0

# OpenTelemetry packages count unless they are metrics-only (JVM runtime
# telemetry included) or log appenders.
metrics_only := `(metric|prometheus|host-metrics|runtime$|runtime-(telemetry|metrics)|(logback|log4j)-appender)`

libraries := {
	"go": [
		`^go\.opentelemetry\.io/(otel|contrib)`,
		`^github\.com/uber/jaeger-client-go`,
		`^github\.com/openzipkin/zipkin-go`,
		`^gopkg\.in/datadog/dd-trace-go\.v1`,
		`^github\.com/datadog/dd-trace-go`,
		`^go\.elastic\.co/apm`,
		`^github\.com/opentracing/opentracing-go`,
		`^github\.com/newrelic/go-agent`,
	],
	"jvm": [
		`^io\.opentelemetry(\.instrumentation|\.contrib)?:`,
		`^io\.micrometer:micrometer-tracing`,
		`^org\.springframework\.cloud:spring-cloud-(starter-)?sleuth`,
		`^io\.jaegertracing:`,
		`^io\.zipkin\.`,
		`^com\.datadoghq:dd-trace-`,
		`^co\.elastic\.apm:`,
		`^io\.opentracing`,
		`^io\.quarkus:quarkus-opentelemetry`,
		`^io\.micronaut\.tracing:`,
		`^io\.kamon:kamon-(bundle|opentelemetry|zipkin|jaeger|datadog)$`,
		# Scala tracing: otel4s, Natchez back-ends, the Tapir and sttp
		# OpenTelemetry modules.
		`^org\.typelevel:otel4s-(oteljava|sdk)(-trace)?$`,
		`^org\.tpolecat:natchez-(jaeger|honeycomb|datadog|opentelemetry|opentracing|newrelic|lightstep|xray|log)`,
		`^com\.softwaremill\.sttp\.tapir:tapir-opentelemetry-tracing$`,
		`^com\.softwaremill\.sttp\.client[34]?:opentelemetry(-tracing)?-backend$`,
	],
	"npm": [
		`^@opentelemetry/`,
		`^dd-trace$`,
		`^jaeger-client$`,
		`^zipkin`,
		`^elastic-apm-node$`,
		`^newrelic$`,
		`^@vercel/otel$`,
	],
	"pypi": [
		`^opentelemetry-`,
		`^ddtrace$`,
		`^jaeger-client$`,
		`^py-zipkin$`,
		`^elastic-apm$`,
		`^newrelic$`,
	],
	"nuget": [
		`^opentelemetry`,
		`^jaeger`,
		`^datadog\.trace`,
		`^zipkin4net`,
		`^elastic\.apm`,
		`^azure\.monitor\.opentelemetry\.`,
	],
	# Plain `tracing` is in-process logging of spans; only its
	# OpenTelemetry layer exports them.
	"cargo": [
		`^opentelemetry`,
		`^tracing-opentelemetry$`,
		`^(init|axum|actix-web)-tracing-opentelemetry$`,
		`^datadog-(tracing|opentelemetry)$`,
		`^(minitrace|fastrace|rustracing)`,
	],
	"rubygems": [
		`^opentelemetry-(sdk|exporter-.+|instrumentation-.+)$`,
		`^(datadog|ddtrace)$`,
		`^newrelic_rpm$`,
		`^elastic-apm$`,
	],
	"composer": [
		`^open-telemetry/`,
		`^datadog/dd-trace$`,
		`^(jonahgeorge/jaeger-client-php|openzipkin/zipkin)$`,
		`^elastic/apm-agent$`,
		`^keepsuit/laravel-opentelemetry$`,
	],
	"hex": [
		`^opentelemetry`,
		`^spandex`,
		`^new_relic_agent$`,
	],
}

found if {
	some name in deps.runtime_matching(libraries, "tracing_libraries")
	not otel_metrics_only(name)
}

otel_metrics_only(name) if {
	regex.match(`open-?telemetry`, name)
	regex.match(metrics_only, name)
}

violation contains {"msg": "no tracing SDK among the direct runtime dependencies (OpenTelemetry, Jaeger, Zipkin, dd-trace, Elastic APM)", "path": p} if {
	not found
	p := paths.rootmost({m.path | some m in input.dependencies.manifests})
}
