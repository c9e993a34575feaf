# METADATA
# title: Version reference helpers
# description: Tests on git refs and versions used to pin reusable CI steps and includes.
package score.lib.refs

# full_sha holds for a full commit id (SHA-1, or SHA-256 for SHA-256 repos).
full_sha(s) if regex.match(`^[0-9a-f]{40}([0-9a-f]{24})?$`, lower(s))

# branch_like holds for names that are branches or moving aliases.
branch_like(s) if lower(s) in {"main", "master", "develop", "development", "dev", "trunk", "head", "default", "latest", "~latest", "stable", "next", "edge", "nightly"}

branch_like(s) if startswith(s, "refs/heads/")

# version_like holds for a release version such as 1, 1.2, v1.2.3 or 1.2.3-rc.1.
version_like(s) if regex.match(`^v?[0-9]+(\.[0-9]+)*([-+][0-9A-Za-z.-]+)?$`, s)

# fixed holds for a ref that names one release or commit.
fixed(s) if full_sha(s)

fixed(s) if version_like(s)

# url_pinned holds for a URL that contains a full commit id or a version
# path/query segment with at least one dot (v1.2, 1.2.3), so that API paths
# like /api/v4/ do not count.
url_pinned(url) if regex.match(`(^|[^0-9a-f])[0-9a-f]{40}([^0-9a-f]|$)`, lower(url))

url_pinned(url) if regex.match(`[/@=]v?[0-9]+(\.[0-9]+)+([-+][0-9A-Za-z.]+)?([/?&#]|$)`, url)
