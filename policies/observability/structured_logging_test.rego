package score.checks.observability.structured_logging_test

import data.score.checks.observability.structured_logging

manifest(ecosystem, path, deps) := {"path": path, "ecosystem": ecosystem, "kind": "", "lockfiles": [], "pinned": false, "dependencies": deps, "plugins": [], "workspaces": []}

dep(name, scope, direct) := {"name": name, "scope": scope, "direct": direct, "line": 5}

passes(ms) if {
	vs := structured_logging.violation with input.dependencies.manifests as ms
	count(vs) == 0
}

test_pass_zap if {
	passes([manifest("go", "go.mod", [dep("go.uber.org/zap", "runtime", true)])])
}

test_pass_logstash_encoder if {
	passes([manifest("maven", "pom.xml", [dep("net.logstash.logback:logstash-logback-encoder", "compile", true)])])
}

test_pass_pino if {
	passes([manifest("npm", "package.json", [dep("pino", "runtime", true)])])
}

test_pass_structlog if {
	passes([manifest("pypi", "pyproject.toml", [dep("structlog", "runtime", true)])])
}

test_pass_serilog if {
	passes([manifest("nuget", "Api.csproj", [dep("Serilog.AspNetCore", "runtime", true)])])
}

test_fail_indirect_go_dependency_does_not_count if {
	ms := [manifest("go", "go.mod", [dep("github.com/sirupsen/logrus", "runtime", false)])]
	vs := structured_logging.violation with input.dependencies.manifests as ms
	vs == {{"msg": "no structured logger among the direct runtime dependencies (slog, zap, zerolog, logrus, Logstash/ECS encoders, pino, winston, structlog, Serilog, ...)", "path": "go.mod"}}
}

test_fail_plain_logging if {
	ms := [manifest("npm", "package.json", [dep("debug", "runtime", true), dep("pino-pretty", "runtime", true)])]
	count(structured_logging.violation) == 1 with input.dependencies.manifests as ms
}

test_go_slog_needs_the_config_knob if {
	ms := [manifest("go", "go.mod", [])]
	count(structured_logging.violation) == 1 with input.dependencies.manifests as ms
	count(structured_logging.violation) == 0 with input.dependencies.manifests as ms with data.score.config as {"assume_go_slog": true}
}

test_skip_without_manifests if {
	not structured_logging.applicable with input.dependencies.manifests as []
}

test_pass_go_slog_import if {
	ms := [manifest("go", "go.mod", [])]
	imports := [{"language": "go", "package": "log/slog", "path": "cmd/api/main.go", "line": 5}]
	count(structured_logging.violation) == 0 with input.dependencies.manifests as ms with input.code.imports as imports
}

test_fail_plain_log_import if {
	ms := [manifest("go", "go.mod", [])]
	imports := [{"language": "go", "package": "log", "path": "cmd/api/main.go", "line": 5}]
	count(structured_logging.violation) == 1 with input.dependencies.manifests as ms with input.code.imports as imports
}

test_evidence_names_slog_import if {
	ev := structured_logging.evidence with input as {
		"dependencies": {"manifests": [{"path": "go.mod", "ecosystem": "go", "dependencies": []}]},
		"code": {"imports": [{"language": "go", "package": "log/slog", "path": "main.go", "line": 5}]},
	}
	ev == {{"msg": "the Go code imports log/slog", "path": "main.go", "line": 5}}
}

m11(eco, deps) := {"path": "x", "ecosystem": eco, "kind": "", "lockfiles": [], "pinned": false, "dependencies": deps, "plugins": [], "workspaces": []}

structured(ms, imports) if {
	vs := structured_logging.violation with input.dependencies.manifests as ms with input.code.imports as imports
	count(vs) == 0
}

test_new_ecosystems if {
	structured([m11("cargo", [{"name": "tracing-subscriber", "scope": "runtime", "direct": true, "line": 1, "features": ["env-filter", "json"]}])], [])
	not structured([m11("cargo", [{"name": "tracing-subscriber", "scope": "runtime", "direct": true, "line": 1, "features": ["env-filter"]}])], [])
	not structured([m11("cargo", [{"name": "tracing", "scope": "runtime", "direct": true, "line": 1}])], [])
	structured([m11("cargo", [{"name": "tracing_bunyan_formatter", "scope": "runtime", "direct": true, "line": 1}])], [])
	structured([m11("rubygems", [{"name": "rails_semantic_logger", "scope": "runtime", "direct": true, "line": 1}])], [])
	structured([m11("hex", [{"name": "logger_json", "scope": "runtime", "direct": true, "line": 1}])], [])
}

test_monolog_needs_a_json_formatter if {
	ms := [m11("composer", [{"name": "monolog/monolog", "scope": "runtime", "direct": true, "line": 1}])]
	not structured(ms, [])
	not structured(ms, [{"language": "php", "package": "Monolog\\Formatter\\LineFormatter", "path": "config/logging.php", "line": 3}])
	structured(ms, [{"language": "php", "package": "Monolog\\Formatter\\JsonFormatter", "path": "config/logging.php", "line": 3}])
}

test_nlog_and_console_need_a_json_layout_or_formatter if {
	ms := [m11("nuget", [{"name": "NLog.Web.AspNetCore", "scope": "runtime", "direct": true, "line": 1}])]
	not structured(ms, [])
	structured(ms, [{"language": "dotnet", "package": "NLog.Layouts.JsonLayout", "path": "src/Api/NLog.config", "line": 4}])
	plain := [m11("nuget", [{"name": "Microsoft.Extensions.Logging.Console", "scope": "runtime", "direct": true, "line": 1}])]
	not structured(plain, [])
	structured(plain, [{"language": "dotnet", "package": "Microsoft.Extensions.Logging.Console.JsonConsoleFormatter", "path": "src/Api/Program.cs", "line": 3}])
	structured([m11("nuget", [{"name": "NLog.StructuredLogging.Json", "scope": "runtime", "direct": true, "line": 1}])], [])
}

test_otel_log_appender if {
	structured([m11("sbt", [{"name": "io.opentelemetry.instrumentation:opentelemetry-logback-appender-1.0", "scope": "runtime", "direct": true, "line": 1}])], [])
}
