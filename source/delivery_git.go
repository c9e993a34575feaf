package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scoredev/score/internal/lazyre"
)

// The git side of delivery outcomes (docs/outcomes.md, "From git alone").
// The scan's own clone is shallow (depth 1, no tags), which holds no
// history, so a remote repository is cloned a second time here: bare, the
// default branch only, its whole history and its tags, into a temporary
// folder removed afterwards. That costs the full history of one branch per
// repository per scan with --outcomes; go-git cannot clone "since a date".
// A local folder (--dir) is read as it is.

// maxHistoryCommits bounds the walk of the default branch's first-parent
// chain; maxBranchCommits the walk of one merged branch.
const (
	maxHistoryCommits = 200000
	maxBranchCommits  = 1000
)

// releaseTag is a tag that names a release: v1, 1.2, v1.2.3, v2.0.0-rc.1.
var releaseTag = lazyre.New(`^(release[-/])?v?\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?$`)

// GitDelivery reads delivery events of [since, until] from git alone:
// changes are the first-parent commits of the default branch (a merge's
// lead time starts at the earliest commit it brought in), deployments are
// release tags, failures are revert commits. Incidents are not in git.
func GitDelivery(ctx context.Context, ref RepoRef, opts CloneOptions, since, until time.Time) (Delivery, error) {
	d := Delivery{Since: since, Until: until, DeploymentSource: "git", ChangeSource: "git",
		IncidentsReason: "git records no incidents"}
	var (
		repo *git.Repository
		err  error
	)
	if ref.Dir != "" {
		repo, err = git.PlainOpenWithOptions(ref.Dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
		if err != nil {
			return d, fmt.Errorf("open %s as a git repository: %w", ref.Dir, err)
		}
		repo = keepPacksOpen(repo) // the walk reads every commit of the window
	} else {
		var cleanup func()
		repo, cleanup, err = cloneHistory(ctx, ref, opts)
		if err != nil {
			return d, err
		}
		defer cleanup()
	}
	head, err := repo.Head()
	if err != nil {
		return d, fmt.Errorf("read HEAD: %w", err)
	}
	shallow, _ := repo.Storer.Shallow()
	chain, err := firstParentChain(ctx, repo, head.Hash(), since.AddDate(-1, 0, 0))
	if err != nil {
		return d, err
	}
	onChain := make(map[plumbing.Hash]int, len(chain))
	for i, c := range chain {
		onChain[c.Hash] = i
	}
	if len(shallow) > 0 && (len(chain) == 0 || !chain[len(chain)-1].Committer.When.Before(since)) {
		d.ChangesReason = "the clone is shallow and its history does not reach the start of the window"
		d.DeploymentsReason = d.ChangesReason
		return d, nil
	}

	// Release tags in the window are the deployments; a tag's index on
	// the chain tells which changes it shipped.
	type tagAt struct {
		dep   Deployment
		index int // on the chain, -1 when the tag is off it
	}
	var tags []tagAt
	iter, err := repo.Tags()
	if err != nil {
		return d, fmt.Errorf("list tags: %w", err)
	}
	_ = iter.ForEach(func(r *plumbing.Reference) error {
		name := r.Name().Short()
		if !releaseTag.MatchString(name) {
			return nil
		}
		commit, at, ok := tagCommit(repo, r.Hash())
		if !ok || at.Before(since) || at.After(until) {
			return nil
		}
		idx, on := onChain[commit]
		if !on {
			idx = -1
		}
		tags = append(tags, tagAt{dep: Deployment{At: at.UTC(), SHA: commit.String(), Name: name}, index: idx})
		return nil
	})
	sort.Slice(tags, func(i, j int) bool { return tags[i].dep.At.Before(tags[j].dep.At) })
	for _, t := range tags {
		d.Deployments = append(d.Deployments, t.dep)
	}
	if len(tags) == 0 {
		d.DeploymentsReason = "no release tags in the window, and git alone has no other record of deployments"
	}

	for i, c := range chain {
		at := c.Committer.When
		if at.Before(since) || at.After(until) {
			continue
		}
		if isRevert(c.Message) {
			d.Failures = append(d.Failures, at.UTC())
		}
		ch := Change{FirstCommit: firstCommit(ctx, repo, c, onChain).UTC(), Merged: at.UTC()}
		// The first release at or after the change on the chain (a
		// smaller or equal index: the chain runs newest first).
		best := -1
		for k, t := range tags {
			if t.index >= 0 && t.index <= i && (best < 0 || t.index > tags[best].index) {
				best = k
			}
		}
		if best >= 0 {
			ch.Deployed = tags[best].dep.At
		}
		d.Changes = append(d.Changes, ch)
	}
	sort.Slice(d.Changes, func(i, j int) bool { return d.Changes[i].Merged.Before(d.Changes[j].Merged) })
	sort.Slice(d.Failures, func(i, j int) bool { return d.Failures[i].Before(d.Failures[j]) })
	if len(d.Changes) == 0 {
		d.ChangesReason = "no commits reached the default branch in the window"
	}
	return d, nil
}

// cloneHistory clones the default branch's whole history and the tags,
// bare, into a temporary folder.
func cloneHistory(ctx context.Context, ref RepoRef, opts CloneOptions) (*git.Repository, func(), error) {
	opts = opts.withDefaults()
	ep, err := parseRemote(ref.URL)
	secrets := ep.secrets(opts.Auth)
	fail := func(err error) (*git.Repository, func(), error) {
		return nil, nil, redactError(fmt.Errorf("clone the history of %s: %w", RedactURL(ref.URL), err), secrets, permanentErrors...)
	}
	if err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp("", "score-history-")
	if err != nil {
		return fail(err)
	}
	// The bounded storage, as for every other clone: the received pack is
	// indexed by streaming (a history may hold a 1 GiB blob), and its
	// packs stay open for the walk over every commit of the window.
	var st *boundedStorage
	closeStorage := func() {
		if st != nil {
			_ = st.Close()
		}
	}
	cleanup := func() { closeStorage(); os.RemoveAll(tmp) }
	co := &git.CloneOptions{URL: ep.url, Auth: opts.Auth.method(ep.u), SingleBranch: true, Tags: git.AllTags}
	if ref.DefaultBranch != "" {
		co.ReferenceName = plumbing.NewBranchReferenceName(ref.DefaultBranch)
	}
	var repo *git.Repository
	_, err = retry(ctx, opts, func(ctx context.Context) error {
		closeStorage()
		os.RemoveAll(tmp)
		if err := os.MkdirAll(tmp, 0o700); err != nil {
			return err
		}
		st = newBoundedStorage(ctx, osfs.New(tmp), true)
		var err error
		repo, err = git.CloneContext(ctx, st, nil, co)
		return err
	})
	if err != nil {
		cleanup()
		return fail(err)
	}
	return repo, cleanup, nil
}

// firstParentChain is the first-parent history from head, newest first,
// down to the first commit older than stop.
func firstParentChain(ctx context.Context, repo *git.Repository, head plumbing.Hash, stop time.Time) ([]*object.Commit, error) {
	var chain []*object.Commit
	c, err := repo.CommitObject(head)
	for err == nil && len(chain) < maxHistoryCommits {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		chain = append(chain, c)
		if c.Committer.When.Before(stop) || c.NumParents() == 0 {
			return chain, nil
		}
		c, err = c.Parent(0)
	}
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return chain, nil // the edge of a shallow history
	}
	return chain, err
}

// firstCommit is when the change c brought to the default branch was first
// authored: for a merge, the earliest author date among the commits of the
// merged branch (those not on the default branch's first-parent chain);
// otherwise c's own author date.
func firstCommit(ctx context.Context, repo *git.Repository, c *object.Commit, onChain map[plumbing.Hash]int) time.Time {
	earliest := c.Author.When
	if c.NumParents() < 2 {
		return earliest
	}
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{c.ParentHashes[1]}
	for len(queue) > 0 && len(seen) < maxBranchCommits && ctx.Err() == nil {
		h := queue[0]
		queue = queue[1:]
		if seen[h] {
			continue
		}
		seen[h] = true
		if _, on := onChain[h]; on {
			continue
		}
		p, err := repo.CommitObject(h)
		if err != nil {
			continue
		}
		if p.Author.When.Before(earliest) {
			earliest = p.Author.When
		}
		queue = append(queue, p.ParentHashes...)
	}
	return earliest
}

// tagCommit resolves a tag to its commit and the time of the release: the
// tagger's date for an annotated tag, the commit's date otherwise.
func tagCommit(repo *git.Repository, h plumbing.Hash) (plumbing.Hash, time.Time, bool) {
	if t, err := repo.TagObject(h); err == nil {
		c, err := t.Commit()
		if err != nil {
			return plumbing.ZeroHash, time.Time{}, false
		}
		return c.Hash, t.Tagger.When, true
	}
	c, err := repo.CommitObject(h)
	if err != nil {
		return plumbing.ZeroHash, time.Time{}, false
	}
	return c.Hash, c.Committer.When, true
}

// isRevert recognises git's own revert message (git revert, GitLab's
// Revert button).
func isRevert(msg string) bool {
	return strings.HasPrefix(msg, `Revert "`) || strings.Contains(msg, "\nThis reverts commit ")
}
