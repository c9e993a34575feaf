package score.checks.build.runtime_supported_test

import data.score.checks.build.runtime_supported

table := {
	"go": {"1.21": "2024-08-13", "1.22": "2025-02-11", "1.23": "2025-08-12", "1.24": "2026-02-10"},
	"python": {"3.9": "2025-10-31", "3.10": "2026-10-31", "3.11": "2027-10-31"},
}

cfg(today) := {"runtimes": table, "today": today}

rt(name, version, cycle) := {"name": name, "version": version, "cycle": cycle, "path": "go.mod", "line": 3, "source": "go.mod go"}

test_pass_supported if {
	f := {"runtimes": [rt("go", "1.23.4", "1.23"), rt("python", ">=3.10", "3.10")]}
	runtime_supported.applicable with input as f with data.score.config as cfg("2025-01-01")
	count(runtime_supported.violation) == 0 with input as f with data.score.config as cfg("2025-01-01")
}

test_fail_end_of_life_names_date_and_oldest_supported if {
	f := {"runtimes": [rt("go", "1.22.5", "1.22"), rt("python", "3.9", "3.9")]}
	vs := runtime_supported.violation with input as f with data.score.config as cfg("2025-03-01")
	vs == {{"msg": "go 1.22.5 (go.mod go) reached end of life on 2025-02-11; the oldest supported go is 1.23", "path": "go.mod", "line": 3}}
}

test_fail_older_than_the_table if {
	f := {"runtimes": [rt("go", "1.11", "1.11")]}
	vs := runtime_supported.violation with input as f with data.score.config as cfg("2024-01-01")
	vs == {{"msg": "go 1.11 (go.mod go) reached end of life before 2024-08-13; the oldest supported go is 1.21", "path": "go.mod", "line": 3}}
}

test_numeric_cycle_order if {
	# 3.10 is newer than 3.9: when 3.9 ends, 3.10 is the oldest supported.
	f := {"runtimes": [rt("python", "3.9", "3.9")]}
	vs := runtime_supported.violation with input as f with data.score.config as cfg("2025-11-15")
	vs == {{"msg": "python 3.9 (go.mod go) reached end of life on 2025-10-31; the oldest supported python is 3.10", "path": "go.mod", "line": 3}}
}

test_within_90_days_is_a_warning_not_a_failure if {
	f := {"runtimes": [rt("go", "1.23.0", "1.23")]}
	c := cfg("2025-06-01")
	count(runtime_supported.violation) == 0 with input as f with data.score.config as c
	ws := runtime_supported.warning with input as f with data.score.config as c
	ws == {{"msg": "go 1.23.0 (go.mod go) reaches end of life on 2025-08-12, within 90 days; the oldest go supported after it is 1.24", "path": "go.mod", "line": 3}}
}

test_unknown_cycle_not_judged if {
	f := {"runtimes": [rt("go", "1.30", "1.30"), rt("elixir", "1.15", "1.15")]}
	count(runtime_supported.violation) == 0 with input as f with data.score.config as cfg("2030-01-01")
}

test_clock_without_today if {
	f := {"runtimes": [rt("go", "1.21", "1.21")]}
	count(runtime_supported.violation) == 1 with input as f with data.score.config as {"runtimes": table} with time.now_ns as 1735689600000000000
}

test_skip_without_runtimes if {
	not runtime_supported.applicable with input as {"runtimes": []}
}

test_within_90_days_of_the_newest_listed if {
	f := {"runtimes": [rt("go", "1.24.0", "1.24")]}
	c := cfg("2026-01-01")
	count(runtime_supported.violation) == 0 with input as f with data.score.config as c
	ws := runtime_supported.warning with input as f with data.score.config as c
	ws == {{"msg": "go 1.24.0 (go.mod go) reaches end of life on 2026-02-10, within 90 days; no later go release is in the end-of-life data yet", "path": "go.mod", "line": 3}}
}
