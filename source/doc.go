// Package source turns what the user names into snapshots: repository
// references, lists of repositories (repos files, folders), local working
// trees and commits, clones and mirrors over git, fetching a commit by SHA and
// merge bases. GitLab discovery and the merge-request note are in
// source/gitlab. Collectors never import this package (see
// docs/architecture.md).
package source
