// Package scripts reads the build entry points a CI job may call:
// Makefiles, package.json scripts, task runners and shell scripts.
package scripts
