// Package imageref splits container image references into name, tag and
// digest.
package imageref
