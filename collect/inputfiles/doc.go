// Package inputfiles reads the repository files that policies declare
// they need (METADATA custom.files globs; see docs/writing-policies.md)
// and parses each by its name into plain JSON values for
// input.files.content: YAML, JSON, TOML, HCL, Dockerfile, INI, else text
// lines. Reads go through the snapshot tree, so they stay inside the
// repository and within its read budget; a file that cannot be read or
// parsed gets an error of its own, never a failed collection. It is not a
// registered collector: it runs only when some loaded policy asks for
// files, and judges nothing.
package inputfiles
