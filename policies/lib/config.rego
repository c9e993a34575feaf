# METADATA
# title: Platform configuration
# description: |
#   Read access to data.score.config, the platform team's optional overrides.
#   Every key has a default in the check that reads it, so a missing or
#   malformed config never changes an outcome by accident.
# custom:
#   config: [min_readme_chars, nonroot_images, assume_go_slog, metrics_libraries, tracing_libraries, structured_loggers, coverage_tools, linters, dependency_scanners, ci_templates, runtimes, today]
package score.lib.config

# Keys the default checks read (all optional):
#   min_readme_chars     number  ownership.readme; default 300
#   nonroot_images       [glob]  security.container-non-root; base images
#                                ("image" or "image:tag", * matches anything)
#                                that run as a non-root user
#   assume_go_slog       bool    observability.structured-logging; Go
#                                services log with log/slog, which facts
#                                cannot see
#   metrics_libraries    [glob]  observability.metrics          extra
#   tracing_libraries    [glob]  observability.tracing          dependency
#   structured_loggers   [glob]  observability.structured-logging names,
#   coverage_tools       [glob]  test.coverage                  lower-case
#   linters              [glob]  test.static-analysis           (PyPI names
#   dependency_scanners  [glob]  security.dependency-scanning   PEP 503-normalised)
#   ci_templates         [{include: glob, provides: [check id]}]
#                                the CI checks; shared pipelines (GitLab
#                                project/component includes, Actions
#                                reusable workflows) that do what the listed
#                                checks look for (see lib.ci.provided)
#   runtimes             {name: {cycle: date}}  build.runtime-supported;
#                                merged over policies/data/runtimes.json
#   today                "YYYY-MM-DD"  build.runtime-supported's date
# Every key read through get, list or settings is listed in custom.config
# above, so that a key the config sets and no policy reads is reported
# (policies/policies_test.go holds the list to the policies).

# settings is data.score.config when it is an object, else empty.
default settings := {}

settings := data.score.config if is_object(data.score.config)

# get returns the configured value of key, or def when it is not set.
get(key, def) := object.get(settings, key, def)

# list returns the configured value of key when it is an array, else [].
list(key) := v if {
	v := settings[key]
	is_array(v)
} else := []
