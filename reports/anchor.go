package reports

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// anchorCandidates are the files a repository-level finding points at,
// in order of preference: the CI definition, where most missing pieces
// are added, then the root README.
var anchorCandidates = []string{
	".gitlab-ci.yml", ".gitlab-ci.yaml",
	"README.md", "README", "README.rst", "README.txt", "README.adoc", "readme.md",
}

// AnchorFile picks the file of fsys that repository-level findings point
// at in a Code Quality report: the first of .gitlab-ci.yml and the root
// README that exists, else the first regular file in lexical walk order
// (hidden folders skipped), else "" for an empty repository.
func AnchorFile(fsys fs.FS) string {
	for _, name := range anchorCandidates {
		if st, err := fs.Stat(fsys, name); err == nil && st.Mode().IsRegular() {
			return name
		}
	}
	first := ""
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(path.Base(p), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			first = p
			return fs.SkipAll
		}
		return nil
	})
	return first
}

// FileExists is an Options.Exists for a repository read through fsys.
func FileExists(fsys fs.FS) func(string) bool {
	return func(p string) bool {
		p = strings.TrimPrefix(path.Clean(p), "/")
		if !fs.ValidPath(p) || slices.Contains(strings.Split(p, "/"), "..") {
			return false
		}
		st, err := fs.Stat(fsys, p)
		return err == nil && !st.IsDir()
	}
}
