// Package snapshot is one repository at one point in time: Snapshot (its
// RepoInfo and an fs.FS rooted at it) and Tree, the tree walked once, with
// bounded reads, ignore rules (.gitignore, .scoreignore), fixture paths and
// the warnings collectors record. It knows no git transport and no policy
// (see docs/architecture.md).
package snapshot
