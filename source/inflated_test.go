package source

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
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

	waitInflatedFree(t)
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
	if st.inflated.size() > inflatedTotalMax {
		t.Errorf("kept %d bytes, over the budget of %d", st.inflated.size(), inflatedTotalMax)
	}
	// What reading every file left behind (the kept objects were there
	// before): go-git's cache, at most objectCacheMax, and slack.
	if grew := int64(heapInUse()) - int64(before); grew > int64(objectCacheMax)+4<<20 {
		t.Errorf("the heap grew by %d MiB reading the files; want at most the object cache's %d MiB and slack", grew>>20, objectCacheMax>>20)
	}
	// Closing gives the kept objects back; the files still read, from the
	// pack.
	used := inflatedInUse.Load()
	kept0 := st.inflated.size()
	if err := snap.FS.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
	if st.inflated.size() != 0 || inflatedInUse.Load() != used-kept0 {
		t.Errorf("after Close the clone keeps %d bytes and the budget counts %d, want 0 and %d", st.inflated.size(), inflatedInUse.Load(), used-kept0)
	}
	if got, err := fs.ReadFile(snap.FS, "data/0001.txt"); err != nil || string(got) != files["data/0001.txt"] {
		t.Errorf("data/0001.txt after Close: %d bytes, %v", len(got), err)
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

// waitInflatedFree waits until the clones of earlier tests have given
// their kept objects back to the process's budget (when their snapshots
// were collected).
func waitInflatedFree(t *testing.T) {
	t.Helper()
	for range 200 {
		runtime.GC()
		if inflatedInUse.Load() == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d bytes still kept inflated by earlier clones", inflatedInUse.Load())
}

// TestInflatedProcessBudget: the clones of one process keep at most
// inflatedProcessMax bytes inflated between them, however many are in
// flight, and a clone's bytes come back when it is released (its
// snapshot collected). Not parallel: the budget is the process's.
func TestInflatedProcessBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	files := gittest.Files{}
	for i := range 48 { // 9.6 MiB: each clone fills its own 8 MiB
		b := make([]byte, 200<<10)
		for j := range b {
			b[j] = 'a' + byte(rng.IntN(26))
		}
		files[fmt.Sprintf("data/%02d.txt", i)] = string(b)
	}
	repo := gittest.NewRepo(t, files)
	pack := packOf(t, repo.Dir, "HEAD\n")
	waitInflatedFree(t)
	var clones []*boundedStorage
	for range 6 { // 48 MiB wanted, 32 allowed
		st, err := receiveInto(newCloneStorage(context.Background(), osfs.New(t.TempDir()), false), pack)
		if err != nil {
			t.Fatal(err)
		}
		clones = append(clones, st)
		if used := inflatedInUse.Load(); used > inflatedProcessMax {
			t.Fatalf("%d clones keep %d bytes, over the process's %d", len(clones), used, inflatedProcessMax)
		}
	}
	var total int64
	for _, st := range clones {
		total += st.inflated.size()
	}
	if total != inflatedInUse.Load() || total < inflatedProcessMax-inflatedObjectMax-(1<<20) {
		t.Errorf("clones keep %d bytes, the budget counts %d; want it nearly full (%d)", total, inflatedInUse.Load(), inflatedProcessMax)
	}
	if last := clones[5].inflated.size(); last > inflatedTotalMax/4 {
		t.Errorf("the last clone kept %d bytes with the budget spent", last)
	}
	first := clones[0].inflated.size()
	clones[0].inflated.release()
	if got := inflatedInUse.Load(); got != total-first {
		t.Errorf("released a clone of %d bytes: the budget counts %d, want %d", first, got, total-first)
	}
	for _, st := range clones {
		st.inflated.release()
	}
	if got := inflatedInUse.Load(); got != 0 {
		t.Errorf("every clone released: the budget counts %d", got)
	}
}
