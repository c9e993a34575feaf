# METADATA
# title: Declared runtimes are still supported
# description: >-
#   Every language runtime and base distribution the service declares
#   (go.mod go and toolchain, Maven and Gradle Java release, Node engines,
#   .nvmrc and .node-version, Python requires-python and .python-version,
#   Ruby .ruby-version, Gemfile and Gemfile.lock (RUBY VERSION), .NET TargetFramework, composer.json PHP,
#   and the node, python, golang, ruby, php, Java, .NET, alpine, debian and
#   ubuntu images of Dockerfiles) is a release line that still gets
#   security fixes. End-of-life dates come from the dated table embedded
#   with the policies (policies/data/runtimes.json, its source and date in
#   its header), which `runtimes:` in the platform config overrides and
#   extends ({name: {cycle: date}}); `today:` (YYYY-MM-DD) in the config
#   fixes the date for reproducible runs. A release line older than every
#   one in the table is end-of-life; one the table does not know is not
#   judged. Silver with weight 2: an unsupported runtime no longer gets
#   security fixes, but moving off one is planned work, not a first step.
#   Skipped when the repository declares no runtime.
# custom:
#   id: build.runtime-supported
#   category: build
#   level: silver
#   weight: 2
#   remediation: Move each end-of-life runtime to a supported release line (the finding names the oldest one still supported) and update every place that declares it, for example go.mod, .nvmrc and the Dockerfile FROM.
package score.checks.build.runtime_supported

import data.score.lib.config

applicable if count(input.runtimes) > 0

table := t if {
	t := config.settings.runtimes
	is_object(t)
} else := {}

# now_ns is the evaluation date: config `today` when set, else the clock.
now_ns := time.parse_ns("2006-01-02", config.settings.today) if {
	is_string(config.settings.today)
} else := time.now_ns()

day_ns := ((24 * 60) * 60) * 1000000000

# key orders release lines numerically ("3.9" before "3.10").
key(cycle) := [to_number(p) | some p in split(cycle, ".")] if {
	regex.match(`^\d+(\.\d+)*$`, cycle)
}

eol_ns(date) := time.parse_ns("2006-01-02", date)

# supported(name) are the release lines of name not yet at end of life.
supported(name) := {c |
	some c, date in table[name]
	eol_ns(date) > now_ns
}

oldest_supported(name) := c if {
	cs := supported(name)
	count(cs) > 0
	k := min({key(x) | some x in cs})
	some c in cs
	key(c) == k
} else := "none"

# ended(r) says when r's release line reached its end of life, if it has.
ended(r) := sprintf("on %s", [date]) if {
	date := table[r.name][r.cycle]
	eol_ns(date) <= now_ns
}

ended(r) := sprintf("before %s", [date]) if {
	not table[r.name][r.cycle]
	count(table[r.name]) > 0
	k := key(r.cycle)
	first := min({key(c) | some c, _ in table[r.name]})
	k < first
	some c, date in table[r.name]
	key(c) == first
}

violation contains {"msg": msg, "path": r.path, "line": r.line} if {
	some r in input.runtimes
	date := ended(r)
	msg := sprintf("%s %s (%s) reached end of life %s; the oldest supported %s is %s", [r.name, r.version, r.source, date, r.name, oldest_supported(r.name)])
}

# warning are runtimes whose end of life is within 90 days: not a failure.
warning contains {"msg": msg, "path": r.path, "line": r.line} if {
	some r in input.runtimes
	date := table[r.name][r.cycle]
	eol := eol_ns(date)
	eol > now_ns
	eol - now_ns <= 90 * day_ns
	msg := sprintf("%s %s (%s) reaches end of life on %s, within 90 days; %s", [r.name, r.version, r.source, date, move_to(r.name, eol)])
}

# move_to says which release to move to before a runtime's end of life.
move_to(name, eol) := sprintf("the oldest %s supported after it is %s", [name, c]) if {
	c := oldest_after(name, eol)
	c != "none"
} else := sprintf("no later %s release is in the end-of-life data yet", [name])

oldest_after(name, eol) := c if {
	cs := {x | some x, d in table[name]; eol_ns(d) > eol}
	count(cs) > 0
	k := min({key(x) | some x in cs})
	some c in cs
	key(c) == k
} else := "none"
