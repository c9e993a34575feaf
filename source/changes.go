package source

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Changes is what a change touches in the folder being scored.
type Changes struct {
	// Files are the paths, relative to the folder, that differ between the
	// base commit and the head (added, modified, deleted or renamed; both
	// names of a rename), sorted.
	Files []string
	// Dirty is set when the working tree differs from HEAD (uncommitted or
	// untracked files), when the working tree was asked about.
	Dirty bool
}

// ChangedFiles lists the files that differ between commit base and commit
// head in the repository containing dir, limited to dir's place in it;
// with workTree, the working tree's differences from HEAD (staged,
// unstaged and untracked files, .gitignore respected) are added too, as
// `score check` scores the working tree.
func ChangedFiles(dir, base, head string, workTree bool) (Changes, error) {
	repo, root, err := openLocalRepo(dir)
	if err != nil {
		return Changes{}, err
	}
	treeOf := func(rev string) (*object.Tree, error) {
		h, err := repo.ResolveRevision(plumbing.Revision(rev))
		if err != nil {
			return nil, fmt.Errorf("resolve %s in %s: %w", rev, dir, err)
		}
		c, err := repo.CommitObject(*h)
		if err != nil {
			return nil, fmt.Errorf("%s: commit %s: %w", dir, rev, err)
		}
		return c.Tree()
	}
	baseTree, err := treeOf(base)
	if err != nil {
		return Changes{}, err
	}
	headTree, err := treeOf(head)
	if err != nil {
		return Changes{}, err
	}
	diff, err := object.DiffTree(baseTree, headTree)
	if err != nil {
		return Changes{}, fmt.Errorf("%s: diff %s..%s: %w", dir, base, head, err)
	}
	var files []string
	for _, ch := range diff {
		for _, name := range []string{ch.From.Name, ch.To.Name} {
			if name != "" {
				files = append(files, name)
			}
		}
	}
	var out Changes
	if workTree && root != "" {
		wt, err := repo.Worktree()
		if err != nil {
			return Changes{}, fmt.Errorf("%s: %w", dir, err)
		}
		st, err := wt.Status()
		if err != nil {
			return Changes{}, fmt.Errorf("%s: working tree status: %w", dir, err)
		}
		for name, s := range st {
			if s.Staging == git.Unmodified && s.Worktree == git.Unmodified {
				continue
			}
			out.Dirty = true
			files = append(files, name)
		}
	}
	prefix := ""
	if abs, err := canonicalPath(dir); err == nil && root != "" {
		if rel, err := filepath.Rel(root, abs); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			prefix = filepath.ToSlash(rel) + "/"
		}
	}
	for _, f := range files {
		if rest, ok := strings.CutPrefix(f, prefix); ok {
			out.Files = append(out.Files, rest)
		}
	}
	slices.Sort(out.Files)
	out.Files = slices.Compact(out.Files)
	return out, nil
}

// ErrUnknownRevision is go-git's error for a branch, tag or commit that
// does not resolve, so that callers can tell a mistyped ref from a
// broken repository without importing go-git.
var ErrUnknownRevision = plumbing.ErrReferenceNotFound

// IsFullSHA reports whether s is a full hexadecimal commit SHA (as
// opposed to a branch, a tag or an abbreviation).
func IsFullSHA(s string) bool { return plumbing.IsHash(s) }
