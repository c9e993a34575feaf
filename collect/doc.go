// Package collect turns a snapshot into Facts: it walks the tree once and
// runs every registered collector over it, in order. The collectors live in
// collect/<area> (ci, containers, deps, files, imports, kubernetes,
// monitoring, ownership, scripts, security, tests); shared readers in
// collect/internal.
//
// Collectors observe; they never judge. Nothing here decides pass or fail:
// that is the policies' job. Collectors never execute anything from a
// repository, never follow a symlink out of it and never fetch anything:
// they import neither the source side nor a git or GitLab client (see
// docs/architecture.md, held by internal/archtest).
package collect
