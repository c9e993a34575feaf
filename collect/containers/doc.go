// Package containers reads Dockerfiles, container builders named in build
// files and CI, and Compose files.
package containers
