// Package collecttest holds the helpers collector tests share: running
// collectors over an in-memory tree and rendering what they found.
package collecttest
