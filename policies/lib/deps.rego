# METADATA
# title: Dependency helpers
# description: |
#   The service's runtime dependencies across manifests, with names
#   normalised per ecosystem so that one list of patterns per ecosystem
#   family (go, jvm, npm, pypi, nuget) can recognise a library.
package score.lib.deps

import data.score.lib.config

# family groups ecosystems that share dependency names: Maven and Gradle
# both use "group:artifact".
family(ecosystem) := "jvm" if {
	ecosystem in {"maven", "gradle"}
} else := ecosystem

# normalize lower-cases a name; PyPI names also fold runs of "-", "_" and
# "." into "-" (PEP 503).
normalize("pypi", name) := regex.replace(lower(name), `[-_.]+`, "-")

normalize(ecosystem, name) := lower(name) if ecosystem != "pypi"

# direct holds for a dependency the manifest declares itself. Only Go lists
# requirements it does not use directly (`// indirect`); every other
# manifest lists declared dependencies only.
direct(_, d) if d.direct == true

direct(m, _) if m.ecosystem != "go"

# non_runtime_scope holds for dependencies that do not ship with the
# service: test, development, lint, docs and build-time only.
non_runtime_scope(scope) if regex.match(`(?i)(^(dev|development|devdependencies|lint|docs?|build)$|test)`, scope)

# all is every declared dependency and build plugin, direct or not, with its
# manifest: {"ecosystem", "family", "name", "scope", "direct", "path", "line"}.
all contains entry(m, d) if {
	some m in input.dependencies.manifests
	some d in array.concat(m.dependencies, m.plugins)
}

# runtime are the direct dependencies that ship with the service.
runtime contains entry(m, d) if {
	some m in input.dependencies.manifests
	some d in m.dependencies
	direct(m, d)
	not non_runtime_scope(d.scope)
}

entry(m, d) := {
	"ecosystem": m.ecosystem,
	"family": family(m.ecosystem),
	"name": normalize(m.ecosystem, d.name),
	"scope": d.scope,
	"direct": direct_value(m, d),
	"path": m.path,
	"line": d.line,
}

direct_value(m, d) if {
	direct(m, d)
} else := false

# matches holds when a dependency's name matches one of the regular
# expressions listed for its family in patterns (an object family ->
# array), or one of the glob patterns ("*" matches anything) configured
# under data.score.config[key].
matches(dep, patterns, _) if {
	some re in object.get(patterns, dep.family, [])
	regex.match(re, dep.name)
}

matches(dep, _, key) if {
	some pattern in config.list(key)
	is_string(pattern)
	glob.match(lower(pattern), [], dep.name)
}
