package source

import "github.com/go-git/go-git/v5"

// ErrNotRepository is returned (wrapped) when a folder is not inside a git
// repository. Callers test it with errors.Is and need no git library.
var ErrNotRepository = git.ErrRepositoryNotExists

// MergeBase is the merge base of HEAD and baseRef in the repository
// containing dir, as a full hex SHA (see mergeBaseHash for the choice among
// several bases).
func MergeBase(dir, baseRef string) (string, error) {
	h, err := mergeBaseHash(dir, baseRef)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}
