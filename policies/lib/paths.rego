# METADATA
# title: Path helpers
# description: Helpers over repository-relative, slash-separated paths.
package score.lib.paths

# depth is the number of path segments: 1 for a file at the root.
depth(p) := count(split(p, "/"))

# rootmost returns the shallowest of a set of paths (ties broken by name),
# the most relevant place to point a repository-wide finding at. Undefined
# for an empty set.
rootmost(ps) := p if {
	d := min({depth(x) | some x in ps})
	p := min({x | some x in ps; depth(x) == d})
}

# owner_dirs are where GitHub and GitLab look for CODEOWNERS and SECURITY.md.
owner_dirs := {"", ".github", ".gitlab", "docs"}

# dir returns the folder of p ("" at the root).
dir(p) := concat("/", array.slice(parts, 0, count(parts) - 1)) if parts := split(p, "/")

# base returns the file name of p.
base(p) := parts[count(parts) - 1] if parts := split(p, "/")

# in_owner_dir holds when p sits at the root, in .github/, .gitlab/ or docs/.
in_owner_dir(p) if dir(p) in owner_dirs
