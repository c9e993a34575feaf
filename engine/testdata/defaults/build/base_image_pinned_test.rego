package score.checks.build.base_image_pinned_test

import data.score.checks.build.base_image_pinned

df(from) := {"containers": {"dockerfiles": [{"path": "Dockerfile", "stages": [{"from": from}]}]}}

test_pinned if {
	count(base_image_pinned.violation) == 0 with input as df({"raw": "golang:1.23", "tag": "1.23", "digest": "", "line": 1})
}

test_unpinned if {
	count(base_image_pinned.violation) == 1 with input as df({"raw": "golang", "tag": "", "digest": "", "line": 1})
}

test_skip if {
	not base_image_pinned.applicable with input as {"containers": {"dockerfiles": []}}
}
