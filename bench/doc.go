// Package bench measures score at org scale. Its Go benchmarks time one
// repository's worth of work (evaluating the whole catalogue in one query
// next to one query per check, collecting a 5,000-file repository, cloning
// and scanning one repository from a loopback git server); run.sh measures
// whole scans of a generated organisation against the git CLI in the same
// run. See README.md.
//
// It holds no code that score itself uses.
package bench
