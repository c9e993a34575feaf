# METADATA
# title: Logs are structured
# description: >-
#   A structured logger is a direct runtime dependency - zap, zerolog,
#   logrus, go-logr, hclog; Logstash or ECS encoders, log4j JSON template
#   layout; pino, winston, bunyan; structlog, python-json-logger, loguru;
#   Serilog; for .NET also NLog with a JsonLayout (NLog.config, nlog.json,
#   appsettings or C#) and the JSON console formatter of
#   Microsoft.Extensions.Logging (AddJsonConsole, or "FormatterName":
#   "json" in appsettings*.json) - NLog and the console logger write plain
#   lines otherwise; for Rust tracing-subscriber with its `json` feature
#   (features inherited from the workspace count), tracing-bunyan-formatter
#   or slog-json; for Ruby lograge, semantic_logger or
#   rails_semantic_logger, ougai; for Elixir logger_json; for PHP Monolog
#   with a JSON-shaped formatter (JsonFormatter, LogstashFormatter, ...)
#   named in PHP code such as config/logging.php - so that logs can be
#   searched by field. Go's standard log/slog counts when Go code imports
#   it; a platform team whose Go services use log/slog sets
#   data.score.config.assume_go_slog, and a company's own logger is declared
#   with `structured_loggers`. Ecosystems read: Go, npm, Maven, Gradle and sbt,
#   PyPI, NuGet, Cargo, RubyGems (Gemfile and gemspec), Composer and Hex
#   (mix.exs). Skipped without dependency manifests.
# custom:
#   id: observability.structured-logging
#   category: observability
#   level: silver
#   weight: 2
#   remediation: Log through a structured logger that writes JSON, for example `log/slog` or `go.uber.org/zap`, `logstash-logback-encoder`, `pino` or `structlog`.
package score.checks.observability.structured_logging

import data.score.lib.config
import data.score.lib.deps
import data.score.lib.paths

applicable if count(input.dependencies.manifests) > 0

libraries := {
	"go": [
		`^go\.uber\.org/zap$`,
		`^github\.com/rs/zerolog$`,
		`^github\.com/sirupsen/logrus$`,
		`^github\.com/go-logr/`,
		`^golang\.org/x/exp/slog$`,
		`^github\.com/hashicorp/go-hclog$`,
		`^github\.com/apex/log$`,
		`^github\.com/inconshreveable/log15`,
		`^github\.com/go-kit/log$`,
		`^github\.com/phuslu/log$`,
		`^go\.elastic\.co/ecszap$`,
	],
	"jvm": [
		`^net\.logstash\.logback:logstash-logback-encoder$`,
		`^co\.elastic\.logging:`,
		`^org\.apache\.logging\.log4j:log4j-layout-template-json$`,
		`^ch\.qos\.logback\.contrib:logback-json-`,
		`^io\.quarkus:quarkus-logging-json$`,
		`^com\.google\.cloud:spring-cloud-gcp-logging$`,
		# OpenTelemetry log appenders send log records with their
		# attributes over OTLP.
		`^io\.opentelemetry\.instrumentation:opentelemetry-(logback|log4j)-appender`,
	],
	"npm": [
		`^pino$`,
		`^pino-http$`,
		`^nestjs-pino$`,
		`^winston$`,
		`^bunyan$`,
		`^roarr$`,
		`^@elastic/ecs-(pino|winston|morgan)-format$`,
		`^@aws-lambda-powertools/logger$`,
	],
	"pypi": [
		`^structlog$`,
		`^python-json-logger$`,
		`^loguru$`,
		`^ecs-logging$`,
		`^json-logging$`,
		`^aws-lambda-powertools$`,
	],
	"nuget": [
		`^serilog`,
		`^nlog\.structuredlogging\.json$`,
		`^elastic\.commonschema\.`,
	],
	# A crate enabled with a feature is also listed as "name[feature]".
	"cargo": [
		`^tracing-subscriber\[json\]$`,
		`^tracing-bunyan-formatter$`,
		`^json-subscriber$`,
		`^slog-(json|bunyan)$`,
		`^log4rs\[json-encoder\]$`,
	],
	"rubygems": [
		`^lograge$`,
		`^(rails_)?semantic_logger$`,
		`^ougai$`,
		`^logstash-logger$`,
		`^logstasher$`,
		`^ecs-logging$`,
	],
	"composer": [
		`^elastic/ecs-logging$`,
	],
	"hex": [
		`^logger_json$`,
		`^logger_formatter_json$`,
	],
}

found if count(deps.runtime_matching(libraries, "structured_loggers")) > 0

# log/slog is in the Go standard library and invisible to the facts.
# Go's standard log/slog has no dependency line: its import is the fact.
found if {
	some imp in input.code.imports
	imp.language == "go"
	imp["package"] == "log/slog"
}

# Monolog writes JSON when configured with a JSON-shaped formatter; the
# package alone (or Laravel, which bundles it) writes plain lines.
monolog_json_formatters := `^monolog\\formatter\\(json|logstash|elastica|elasticsearch|gelfmessage|loggly|fluentd|google(cloudlogging)?)formatter$`

found if {
	some imp in input.code.imports
	imp.language == "php"
	regex.match(monolog_json_formatters, lower(imp["package"]))
}

# NLog and the Microsoft.Extensions.Logging console write JSON when set up
# with a JSON layout or formatter, which the imports collector finds in
# configuration and C# code.
dotnet_json_logging := {"NLog.Layouts.JsonLayout", "Microsoft.Extensions.Logging.Console.JsonConsoleFormatter"}

found if {
	some imp in input.code.imports
	imp.language == "dotnet"
	imp["package"] in dotnet_json_logging
}

found if {
	config.get("assume_go_slog", false) == true
	some m in input.dependencies.manifests
	m.ecosystem == "go"
}

violation contains {"msg": "no structured logger among the direct runtime dependencies (slog, zap, zerolog, logrus, Logstash/ECS encoders, pino, winston, structlog, Serilog, ...)", "path": p} if {
	not found
	p := paths.rootmost({m.path | some m in input.dependencies.manifests})
}

# evidence: the structured loggers found, or why the check does not apply.
evidence contains {"msg": sprintf("structured logger %s is a direct runtime dependency", [name])} if {
	some name in deps.runtime_matching(libraries, "structured_loggers")
}

evidence contains {"msg": "the Go code imports log/slog", "path": imp.path, "line": imp.line} if {
	some imp in input.code.imports
	imp.language == "go"
	imp["package"] == "log/slog"
}

evidence contains {"msg": sprintf("%s writes JSON logs", [imp["package"]]), "path": imp.path, "line": imp.line} if {
	some imp in input.code.imports
	imp.language == "dotnet"
	imp["package"] in dotnet_json_logging
}

evidence contains {"msg": "no dependency manifest was found"} if {
	count(input.dependencies.manifests) == 0
}
