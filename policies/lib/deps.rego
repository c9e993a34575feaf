# METADATA
# title: Dependency helpers
# description: |
#   The service's dependencies across manifests, with names normalised per
#   ecosystem so that one list of regular expressions per ecosystem family
#   (go, jvm, npm, pypi, nuget, cargo, rubygems, composer, hex) recognises
#   a library. Names are matched as
#   one text per family, one name a line, with one expression per family:
#   a monorepo declares thousands of dependencies, and an expression per
#   dependency would not finish in time.
package score.lib.deps

import data.score.lib.config

families := {"go", "jvm", "npm", "pypi", "nuget", "cargo", "rubygems", "composer", "hex"}

# family groups ecosystems that share dependency names: Maven, Gradle and
# sbt all use "group:artifact".
family(ecosystem) := "jvm" if {
	ecosystem in {"maven", "gradle", "sbt"}
} else := ecosystem

# normalize lower-cases a name; PyPI names also fold runs of "-", "_" and
# "." into "-" (PEP 503), and crate names "_" into "-" (crates.io treats
# them as the same name).
normalize("pypi", name) := regex.replace(lower(name), `[-_.]+`, "-")

normalize("cargo", name) := replace(lower(name), "_", "-")

normalize(ecosystem, name) := lower(name) if not ecosystem in {"pypi", "cargo"}

# direct holds for a dependency the manifest declares itself. Go lists
# requirements it does not use directly (`// indirect`) and a Cargo
# workspace root lists [workspace.dependencies] for its members to
# inherit; every other manifest lists declared dependencies only.
direct(_, true)

direct(ecosystem, _) if not ecosystem in {"go", "cargo"}

# runtime_scopes are the usual scopes of dependencies that ship; anything
# else is looked at by non_runtime_scope.
runtime_scopes := {"", "runtime", "compile", "implementation", "api", "main", "default", "required", "provided", "optional", "peer", "runtimeOnly", "compileOnly"}

# non_runtime_scope holds for dependencies that do not ship with the
# service: test, development, lint, docs and build-time only.
non_runtime_scope(scope) if {
	not scope in runtime_scopes
	regex.match(`(?i)(^(dev|development|devdependencies|lint|docs?|build)$|test)`, scope)
}

# indexed holds when the facts carry the collectors' normalised names
# (input.dependencies.families). A manifest with dependencies always gives
# a family, so without families the input is hand-written (a unit test) and
# the names are computed here from the manifests.
indexed if count(input.dependencies.families) > 0

# runtime_names maps each family to the normalised names of the direct
# dependencies that ship with the service: the matching helpers below read
# one text per family.
runtime_names[fam] contains name if {
	indexed
	some fam, f in input.dependencies.families
	some name in f.runtime
}

runtime_names[fam] contains name if {
	not indexed
	some m in input.dependencies.manifests
	eco := m.ecosystem
	fam := family(eco)
	some d in m.dependencies
	is_direct := d.direct
	direct(eco, is_direct)
	scope := d.scope
	not non_runtime_scope(scope)
	raw := d.name
	some name in names_of(eco, raw, object.get(d, "features", []))
}

# names_of is a dependency's normalised name and, for each Cargo feature
# it enables, "name[feature]" ("tracing-subscriber[json]"), so that a table
# can ask for a crate with a feature.
names_of(eco, raw, features) := {normalize(eco, raw)} | {sprintf("%s[%s]", [normalize(eco, raw), lower(f)]) | some f in features}

# all_names maps each family to the normalised names of every declared
# dependency and build plugin, whatever its scope and whether direct or not.
all_names[fam] contains name if {
	indexed
	some fam, f in input.dependencies.families
	some name in f.all
}

all_names[fam] contains name if {
	not indexed
	some m in input.dependencies.manifests
	eco := m.ecosystem
	fam := family(eco)
	some d in array.concat(m.dependencies, m.plugins)
	raw := d.name
	name := normalize(eco, raw)
}

# runtime are the direct dependencies that ship with the service, as
# {"family", "name"}.
runtime contains {"family": fam, "name": name} if {
	some fam, names in runtime_names
	some name in names
}

# all are every declared dependency and build plugin, as {"family", "name"}.
all contains {"family": fam, "name": name} if {
	some fam, names in all_names
	some name in names
}

# texts maps each family to its names, one a line.
texts(deps) := {fam: concat("\n", sort(names)) |
	some fam in families
	names := {d.name | some d in deps; d.family == fam}
	count(names) > 0
}

# runtime_texts and all_texts map each family to its names, one a line.
# With the collectors' families they join the collectors' lists as they
# are (sorted, each name once): building the sets runtime_names and
# all_names first only to join them again was a thirtieth of an
# evaluation. Without, they join the names computed here.
runtime_texts := {fam: concat("\n", f.runtime) |
	some fam, f in input.dependencies.families
	count(f.runtime) > 0
} if indexed

runtime_texts := {fam: concat("\n", names) | some fam, names in runtime_names} if not indexed

all_texts := {fam: concat("\n", f.all) |
	some fam, f in input.dependencies.families
	count(f.all) > 0
} if indexed

all_texts := {fam: concat("\n", names) | some fam, names in all_names} if not indexed

# pattern_matching(ts, patterns) is the set of names in ts (family ->
# names, one a line) that match one of the regular expressions listed for
# their family in patterns (family -> array).
pattern_matching(ts, patterns) := {name |
	compiled := compile(patterns)
	some fam, t in ts
	some re in compiled[fam]
	some name in regex.find_n(re, t, -1)
}

# compile(patterns) joins each family's expressions into the expressions
# pattern_matching runs on a text: those anchored at the start of a name
# (`^...` with no top-level `|`) into one tried at line starts only, the
# others into one tried at every position. A regular expression engine
# tries an alternation at every position it may match from, so the
# anchored expression, most of every table, costs a try per name instead
# of one per character. compile reads no input: the score engine computes
# it once per table, not once per repository.
compile(patterns) := {fam: exprs |
	some fam, res in patterns
	exprs := compile_family(res)
	count(exprs) > 0
}

# compile_family is compile for one family's expressions, read as one text
# with an expression a line, so that no expression is visited on its own
# (see anchored_lines). An expression with a line break in it is left as
# it was: all of them joined into one.
compile_family(res) := [concat("", ["(?m)^.*(?:", concat("|", res), ").*$"])] if {
	contains(concat("", res), "\n")
} else := exprs if {
	text := concat("\n", res)
	anchored := regex.find_n(anchored_lines, text, -1)
	others := regex.find_n(`(?m)^.+$`, regex.replace(text, anchored_lines, ""), -1)
	exprs := array.concat(
		[concat("", ["(?m)^(?:", replace(regex.replace(concat("\n", anchored), `(?m)^\^`, ""), "\n", "|"), ").*$"]) | count(anchored) > 0],
		[concat("", ["(?m)^.*(?:", concat("|", others), ").*$"]) | count(others) > 0],
	)
}

# anchored_lines matches, in a text of expressions one a line, each line
# that starts with `^` and has no `|` outside parentheses (one level) or a
# character class: an expression anchored at the start whatever it
# alternates. What it cannot read (nested groups) is joined with the
# others: slower, never wrong. One match over a table's expressions, not
# one per expression, keeps compile cheap where it is not kept (OPA's
# topdown evaluator, score policy test).
anchored_lines := `(?m)^\^(?:[^|()\[\\\n]|\\.|\[(?:\\.|[^\]\\\n])*\]|\((?:[^()\[\\\n]|\\.|\[(?:\\.|[^\]\\\n])*\])*\))*$`

# glob_matching(ts, key) is the set of names in ts that match one of the
# glob patterns ("*" matches anything) configured under
# data.score.config[key].
glob_matching(ts, key) := {name |
	gs := globs(key)
	count(gs) > 0
	some t in ts
	some name in split(t, "\n")
	some g in gs
	glob.match(g, [], name)
}

# globs(key) are the glob patterns configured under key, lower-cased. It
# reads no input: the score engine computes it once per key, not once per
# repository.
globs(key) := [lower(g) | some g in config.list(key); is_string(g)]

# runtime_matching is the set of runtime dependency names that match
# patterns or the globs configured under key.
runtime_matching(patterns, key) := pattern_matching(runtime_texts, patterns) | glob_matching(runtime_texts, key)

# any_matching is the set of names of all dependencies and plugins that
# match patterns or the globs configured under key.
any_matching(patterns, key) := pattern_matching(all_texts, patterns) | glob_matching(all_texts, key)
