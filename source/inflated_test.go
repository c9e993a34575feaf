package source

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scoredev/score/internal/gittest"
)

// TestCloneReadsKeptAndPackedObjects: a clone of a repository whose
// objects do not all fit the budget serves some files from the objects it
// kept inflated and the rest from its pack, after the clone's folder is
// gone, and every file reads back as committed. (When the commit and
// trees were kept, go-git no longer loaded the pack index before the
// folder was removed, and every file read from the pack was "object not
// found".)
func TestCloneReadsKeptAndPackedObjects(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	files := gittest.Files{}
	const n, size = 48, 200 << 10 // 9.6 MiB, over the 8 MiB budget
	for i := range n {
		b := make([]byte, size)
		for j := range b {
			b[j] = 'a' + byte(rng.IntN(26))
		}
		files[fmt.Sprintf("data/%02d.txt", i)] = string(b)
	}
	files["README.md"] = "small\n"
	r := gittest.NewRepo(t, files)
	srv := gittest.NewServer(t)
	url := srv.Add("group/big", r)

	snap, err := Clone(context.Background(), RepoRef{Name: "group/big", URL: url}, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	st := snap.FS.(*commitFS).s.(*boundedStorage)
	kept, packed := 0, 0
	for name, want := range files {
		got, err := fs.ReadFile(snap.FS, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(got) != want {
			t.Errorf("%s: content differs", name)
		}
		if _, ok := st.inflated.get(plumbing.ComputeHash(plumbing.BlobObject, got)); ok {
			kept++
		} else {
			packed++
		}
	}
	if kept == 0 || packed == 0 {
		t.Errorf("%d files kept inflated, %d read from the pack; want both", kept, packed)
	}
	if st.inflated.size > inflatedTotalMax {
		t.Errorf("kept %d bytes, over the budget of %d", st.inflated.size, inflatedTotalMax)
	}
}
