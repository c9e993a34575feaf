// Package scanners turns a repository into Facts: it owns sources (a local
// folder, a git commit, a clone, GitLab discovery), the fs.FS snapshot of a
// repository, the collectors that parse its files, and the Facts type.
//
// Scanners observe; they never judge. Nothing here decides pass or fail: that
// is the policies' job. Collectors never execute anything from a repository
// and never follow a symlink out of it.
package collect
