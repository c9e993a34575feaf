package score.lib.paths_test

import data.score.lib.paths

test_rootmost_prefers_shallow_paths if {
	paths.rootmost({"api/go.mod", "go.mod", "z/y/go.mod"}) == "go.mod"
}

test_rootmost_breaks_ties_by_name if {
	paths.rootmost({"b/package.json", "a/package.json"}) == "a/package.json"
}

test_rootmost_empty_is_undefined if {
	not paths.rootmost(set())
}

test_dir_and_base if {
	paths.dir("CODEOWNERS") == ""
	paths.dir(".github/CODEOWNERS") == ".github"
	paths.dir("a/b/c.txt") == "a/b"
	paths.base("a/b/c.txt") == "c.txt"
}

test_in_owner_dir if {
	paths.in_owner_dir("SECURITY.md")
	paths.in_owner_dir(".github/SECURITY.md")
	paths.in_owner_dir(".gitlab/CODEOWNERS")
	paths.in_owner_dir("docs/CODEOWNERS")
	not paths.in_owner_dir("src/CODEOWNERS")
	not paths.in_owner_dir("docs/old/CODEOWNERS")
}
