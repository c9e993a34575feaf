// Package files describes the tree as a whole: the file list, the README,
// languages.
package files
