package source

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
)

// EnsureCommit makes sure the repository that contains dir has commit sha.
// A shallow CI clone often lacks the merge request's base commit; it is
// then fetched from origin at depth 1 (by SHA, which GitLab serves). The
// error says why when it cannot be, with credentials redacted.
func EnsureCommit(ctx context.Context, dir, sha string, auth Auth) error {
	if !plumbing.IsHash(sha) {
		return fmt.Errorf("%q is not a full commit SHA", sha)
	}
	repo, _, err := openLocalRepo(dir)
	if err != nil {
		return err
	}
	hash := plumbing.NewHash(sha)
	if _, err := repo.CommitObject(hash); err == nil {
		return nil
	}
	remote, err := repo.Remote("origin")
	if err != nil || len(remote.Config().URLs) == 0 {
		return fmt.Errorf("commit %s is not in the clone and there is no origin remote to fetch it from", sha[:12])
	}
	rawURL := remote.Config().URLs[0]
	u, _ := url.Parse(rawURL)
	err = repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: "origin",
		RefSpecs:   []config.RefSpec{config.RefSpec(sha + ":refs/score/base")},
		Depth:      1,
		Tags:       git.NoTags,
		Auth:       auth.method(u),
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fmt.Errorf("commit %s is not in the shallow clone and fetching it from %s failed: %s (set GIT_DEPTH: 0 on the job, or fetch the base before score ci)",
			sha[:12], RedactURL(rawURL), Redact(err.Error(), auth.Token))
	}
	if _, err := repo.CommitObject(hash); err != nil {
		return fmt.Errorf("commit %s is still missing after fetching it from %s", sha[:12], RedactURL(rawURL))
	}
	return nil
}
