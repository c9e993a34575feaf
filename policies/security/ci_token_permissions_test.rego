package score.checks.security.ci_token_permissions_test

import data.score.checks.security.ci_token_permissions

perms(scalar, scopes, line) := {"scalar": scalar, "scopes": scopes, "line": line}

job(name, line, permissions) := object.union({"name": name, "line": line}, permissions)

workflow(path, permissions, jobs) := object.union({"provider": "github", "path": path, "name": "CI", "jobs": jobs}, permissions)

violations(wfs) := vs if {
	vs := ci_token_permissions.violation with input.ci.workflows as wfs
}

test_pass_top_level_permissions if {
	wfs := [
		workflow(".github/workflows/ci.yml", {"permissions": perms("", {"contents": "read"}, 3)}, [job("build", 8, {}), job("release", 20, {"permissions": perms("", {"contents": "write", "packages": "write"}, 22)})]),
		workflow(".github/workflows/lint.yml", {"permissions": perms("read-all", {}, 3)}, [job("lint", 8, {})]),
		workflow(".forgejo/workflows/empty.yml", {"permissions": perms("", {}, 3)}, [job("x", 8, {})]),
	]
	ci_token_permissions.applicable with input.ci.workflows as wfs
	count(violations(wfs)) == 0
}

test_pass_every_job_restricted if {
	wfs := [workflow(".github/workflows/ci.yml", {}, [
		job("build", 8, {"permissions": perms("", {"contents": "read"}, 9)}),
		job("scan", 20, {"permissions": perms("", {}, 21)}),
	])]
	count(violations(wfs)) == 0
}

test_fail_jobs_without_permissions if {
	wfs := [workflow(".github/workflows/ci.yml", {}, [
		job("build", 8, {"permissions": perms("", {"contents": "read"}, 9)}),
		job("deploy", 20, {}),
	])]
	violations(wfs) == {{"msg": "job deploy has no permissions block and the workflow sets none, so its token gets the repository's default permissions", "path": ".github/workflows/ci.yml", "line": 20}}
}

test_fail_write_all if {
	wfs := [
		workflow(".github/workflows/a.yml", {"permissions": perms("write-all", {}, 4)}, [job("build", 8, {})]),
		workflow(".github/workflows/b.yml", {"permissions": perms("", {"contents": "read"}, 4)}, [job("release", 8, {"permissions": perms("write-all", {}, 10)})]),
	]
	violations(wfs) == {
		{"msg": "workflow CI grants write-all permissions to its token", "path": ".github/workflows/a.yml", "line": 4},
		{"msg": "job release grants write-all permissions to its token", "path": ".github/workflows/b.yml", "line": 10},
	}
}

test_skip_without_workflows if {
	not ci_token_permissions.applicable with input.ci.workflows as []
}

test_fix_adds_read_only_permissions_where_missing if {
	fixes := ci_token_permissions.fix with input.ci.workflows as [
		{"provider": "github", "path": ".github/workflows/ci.yml", "jobs": [{"name": "test", "line": 8}]},
		{"provider": "github", "path": ".github/workflows/ok.yml", "permissions": perms("", {"contents": "read"}, 3), "jobs": [{"name": "x", "line": 8}]},
	]
	fixes == {{"edit": "actions.permissions", "path": ".github/workflows/ci.yml", "value": {"contents": "read"}}}
}
