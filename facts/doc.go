// Package facts is the input document every policy reads: the Facts types,
// RepoInfo (what a source knows about a repository), the JSON Schema published
// as docs/facts.schema.json, and the normalisation that makes every list
// non-nil. It depends on nothing of the pipeline (see docs/architecture.md).
package facts
