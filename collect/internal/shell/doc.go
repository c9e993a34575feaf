// Package shell splits shell command lines into words and segments, the way
// CI jobs and scripts are followed.
package shell
