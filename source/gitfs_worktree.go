package source

import (
	"bytes"
	"io"
	"os"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/scoredev/score/snapshot"
)

// A commit of a local repository is mostly the working tree next to it:
// `score check` scores the merge base, and all but the few files the change
// touched are the same in both. Reading a blob from git means finding it in
// a pack, inflating it and applying its delta chain; reading the same bytes
// from the working tree is a plain file read. So a commitFS opened by
// OpenLocalCommit reads a file from the working tree when, and only when,
// the file at the same path there is a regular file whose git blob hash is
// the blob's own: the content is then the blob's, byte for byte, whatever
// the index, timestamps or line-ending settings say. Anything else (a
// modified or missing file, a symlink, a FIFO, a path a symlink would lead
// out of the checkout, a read error) falls back to the blob.
//
// The working tree is read through an os.Root, so no path leaves the
// checkout, and the final element is opened without following a symlink
// and without blocking, so a FIFO swapped in cannot stall a check.

// fromWorktree returns the content of the regular file n at name, read
// from the working tree, if it is exactly the blob's. It never asks git for
// the blob's size: for a delta in a pack that means inflating the whole
// delta, which cost more than reading and hashing the file.
func (f *commitFS) fromWorktree(name string, n node) ([]byte, bool) {
	if f.worktree == nil || (n.mode != filemode.Regular && n.mode != filemode.Executable && n.mode != filemode.Deprecated) {
		return nil, false
	}
	// Opened without following a final symlink and without blocking on
	// a FIFO; what was opened is then checked to be a regular file.
	file, err := f.worktree.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, false
	}
	defer file.Close()
	if st, err := file.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() > snapshot.MaxFileSize {
		return nil, false
	}
	// A file that grows while it is read is not read past the bound.
	data, err := io.ReadAll(io.LimitReader(file, snapshot.MaxFileSize+1))
	if err != nil || int64(len(data)) > snapshot.MaxFileSize {
		return nil, false
	}
	if plumbing.ComputeHash(plumbing.BlobObject, data) != n.hash {
		return nil, false
	}
	return data, true
}

// worktreeFile is an open blob whose content came from the working tree.
func worktreeFile(fi *gitFileInfo, name string, data []byte) *gitFile {
	return &gitFile{info: fi, r: io.NopCloser(bytes.NewReader(data)), path: name}
}
