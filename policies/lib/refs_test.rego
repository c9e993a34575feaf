package score.lib.refs_test

import data.score.lib.refs

test_full_sha if {
	refs.full_sha("8e5e7e5ab8b370d6c329ec480221332ada57f0ab")
	not refs.full_sha("8e5e7e5")
	not refs.full_sha("v4")
}

test_fixed if {
	every s in ["v1.2.3", "1.2.3", "1.0", "v1", "2.0.0-rc.1", "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"] {
		refs.fixed(s)
	}
	every s in ["main", "master", "HEAD", "~latest", "", "feature/x", "release"] {
		not refs.fixed(s)
	}
}

test_branch_like if {
	refs.branch_like("main")
	refs.branch_like("HEAD")
	refs.branch_like("refs/heads/release")
	not refs.branch_like("v1.2.3")
}

test_url_pinned if {
	refs.url_pinned("https://gitlab.example.com/ci/templates/-/raw/v1.4.0/go.yml")
	refs.url_pinned("https://example.com/ci/8e5e7e5ab8b370d6c329ec480221332ada57f0ab/ci.yml")
	refs.url_pinned("https://gitlab.com/api/v4/projects/1/repository/files/ci.yml/raw?ref=v2.1.0")
	not refs.url_pinned("https://gitlab.com/api/v4/projects/1/repository/files/ci.yml/raw?ref=main")
	not refs.url_pinned("https://example.com/ci/main/ci.yml")
}
