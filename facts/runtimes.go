package facts

// Runtime is one declared runtime. Version is as written ("^3.11",
// "bookworm", "net8.0"); Cycle is the release line it names, the key of
// end-of-life data ("3.11", "12", "8.0"). Source says where it was read:
// go.mod go, go.mod toolchain, maven, gradle, package.json engines, .nvmrc,
// .node-version, pyproject requires-python, .python-version,
// .ruby-version, Gemfile, csproj, composer.json, Dockerfile.
type Runtime struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Cycle   string `json:"cycle"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Source  string `json:"source"`
}
