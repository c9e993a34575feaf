package source

import (
	"path/filepath"
	"strings"
)

// ParseRepoURL checks one repository URL given on the command line, the way
// a line of a repository list is checked (ParseRepos): it derives the name
// and group path, and refuses a URL that does not parse, with an error that
// holds no credentials. A local path is taken from the current folder, with
// or without a leading ./.
func ParseRepoURL(raw string) (RepoRef, error) {
	if !strings.Contains(raw, "://") && !scpURL.MatchString(raw) && !filepath.IsAbs(raw) &&
		!strings.HasPrefix(raw, "./") && !strings.HasPrefix(raw, "../") && raw != "." && raw != ".." {
		raw = "./" + raw
	}
	return refFromURL("", raw)
}
