package facts

// FileContent is one file a policy asked for (METADATA custom.files),
// parsed by its name: see docs/writing-policies.md ("Reading files").
type FileContent struct {
	// Format is yaml, json, toml, hcl, dockerfile, ini or text.
	Format string `json:"format"`
	// Data is the parsed content as plain JSON values; absent with Error.
	Data any `json:"data,omitempty"`
	// Error says why the file was not read or did not parse.
	Error string `json:"error,omitempty"`
}
