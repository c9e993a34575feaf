// Package gitlab is score's one GitLab client: discovery of the projects of
// a group (DiscoverGitLab) and the merge-request note that score ci keeps up
// to date (Upsert).
package gitlab
