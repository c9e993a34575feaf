package source

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"runtime"
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
//
// It also measures what the clone holds once every file was read: the
// kept objects and go-git's object cache, bounded, not the repository's
// size (go-git's default cache kept every file read, up to 96 MiB a
// clone). Not parallel: it counts the heap.
func TestCloneReadsKeptAndPackedObjects(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	files := gittest.Files{}
	// 24 MiB in files under 16 KiB: go-git caches the objects that small
	// it reads from a pack.
	const n, size = 1600, 15 << 10
	for i := range n {
		b := make([]byte, size)
		for j := range b {
			b[j] = 'a' + byte(rng.IntN(26))
		}
		files[fmt.Sprintf("data/%04d.txt", i)] = string(b)
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
	before := heapInUse()
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
	// What reading every file left behind (the kept objects were there
	// before): go-git's cache, at most objectCacheMax, and slack.
	if grew := int64(heapInUse()) - int64(before); grew > int64(objectCacheMax)+4<<20 {
		t.Errorf("the heap grew by %d MiB reading the files; want at most the object cache's %d MiB and slack", grew>>20, objectCacheMax>>20)
	}
	runtime.KeepAlive(snap)
	runtime.KeepAlive(files)
}

// heapInUse is the heap's live bytes after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC() // and what sync.Pools held
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
