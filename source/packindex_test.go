package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/internal/hostile"
	"github.com/scoredev/score/snapshot"
)

// heapAllocs is the bytes the process has allocated on the heap so far
// (a cumulative counter: it cannot miss a short-lived peak).
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// bigBlobSize is the blob of the big-blob repository the clone tests use.
const bigBlobSize = 32 << 20

// bigBlobServer makes a repository holding a bigBlobSize blob (big.yml) in
// a folder, and serves a bare copy of it as "big" on a loopback git server.
func bigBlobServer(t *testing.T) (string, *gittest.Server) {
	t.Helper()
	gittest.RequireGit(t)
	dir := t.TempDir()
	if _, err := hostile.BigBlobRepo(dir, bigBlobSize); err != nil {
		t.Fatal(err)
	}
	srv := gittest.NewServer(t)
	gittest.Git(t, srv.Root, "clone", "-q", "--bare", dir, filepath.Join(srv.Root, "big.git"))
	return dir, srv
}

// TestCloneBigBlobBoundedMemory: cloning a repository that holds a blob
// far over the bound, over HTTP and from a local path, with and without a
// cache, allocates a small fraction of the blob: the pack is indexed by
// streaming, not by reading the blob whole (go-git's own indexer allocated
// the blob's size, plus growth). The blob is listed with its size, its
// content refused. Not parallel: the counter is process-wide.
func TestCloneBigBlobBoundedMemory(t *testing.T) {
	dir, srv := bigBlobServer(t)
	for _, tc := range []struct {
		name, url string
		cache     bool
	}{
		{"http", srv.RepoURL("big"), false},
		{"http-cache", srv.RepoURL("big"), true},
		{"path", dir, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := fastRetries
			if tc.cache {
				opts.CacheDir = t.TempDir()
			}
			before := heapAllocs()
			snap, err := Clone(context.Background(), RepoRef{URL: tc.url}, opts)
			if err != nil {
				t.Fatal(err)
			}
			tree, err := snapshot.NewTree(snap.FS)
			if err != nil {
				t.Fatal(err)
			}
			allocated := heapAllocs() - before
			t.Logf("allocated %d KiB", allocated>>10)
			if allocated > bigBlobSize/4 {
				t.Errorf("clone allocated %d MiB for a %d MiB blob, want under %d MiB", allocated>>20, bigBlobSize>>20, bigBlobSize>>22)
			}
			if !tree.Has("big.yml") || tree.Size("big.yml") != bigBlobSize {
				t.Errorf("big.yml listed %v, size %d, want %d", tree.Has("big.yml"), tree.Size("big.yml"), bigBlobSize)
			}
			if _, err := tree.Read("big.yml"); !errors.Is(err, snapshot.ErrTooLarge) {
				t.Errorf("Read(big.yml) = %v, want ErrTooLarge", err)
			}
			if data, err := tree.Read(".gitlab-ci.yml"); err != nil || !strings.Contains(string(data), "make") {
				t.Errorf("Read(.gitlab-ci.yml) = %q, %v", data, err)
			}
		})
	}
}

// deltaRepo is a repository whose one commit makes git store most objects
// as deltas: variants of one text, a chain of growing versions, and two
// similar files over heldObjectMax (so a delta base goes through a
// temporary file).
func deltaRepo(t *testing.T) *gittest.Repo {
	var base strings.Builder
	for i := range 400 {
		fmt.Fprintf(&base, "line %d of a text that many files share\n", i)
	}
	files := gittest.Files{}
	for i := range 30 {
		files[fmt.Sprintf("variant/%02d.txt", i)] = strings.Replace(base.String(), fmt.Sprintf("line %d ", i*7), "changed ", 1)
	}
	v := base.String()
	for i := range 40 {
		v += fmt.Sprintf("appended line %d\n", i)
		files[fmt.Sprintf("chain/%02d.txt", i)] = v
	}
	big := strings.Repeat(base.String(), (3<<20)/base.Len())
	files["big/a.txt"] = big
	files["big/b.txt"] = big[:len(big)/2] + "a change in the middle\n" + big[len(big)/2:]
	return gittest.NewRepo(t, files)
}

// TestIndexPackMatchesGit: indexPack indexes packs made by git with offset
// deltas and with reference deltas to the very .idx file git index-pack
// writes, and every object reads back.
func TestIndexPackMatchesGit(t *testing.T) {
	t.Parallel()
	repo := deltaRepo(t)
	for _, c := range []struct{ ofs, keep bool }{{true, false}, {false, false}, {true, true}, {false, true}} {
		ofs := c.ofs
		t.Run(fmt.Sprintf("ofs-delta=%v/keep-inflated=%v", c.ofs, c.keep), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := []string{"--window=50", "--depth=50"}
			if ofs {
				args = append(args, "--delta-base-offset")
			}
			pack := packOf(t, repo.Dir, "HEAD\n", args...)
			// git's own index, for comparison.
			gitPack := filepath.Join(dir, "git.pack")
			if err := os.WriteFile(gitPack, pack, 0o644); err != nil {
				t.Fatal(err)
			}
			gittest.Git(t, dir, "index-pack", "-o", filepath.Join(dir, "git.idx"), gitPack)
			verify := gittest.Git(t, dir, "verify-pack", "-v", filepath.Join(dir, "git.idx"))
			if !strings.Contains(verify, "chain length = 2") {
				t.Fatalf("git made no delta chains of length 2; the test needs them:\n%s", verify)
			}

			gitDir := filepath.Join(dir, "repo.git")
			if _, err := git.PlainInit(gitDir, true); err != nil {
				t.Fatal(err)
			}
			st := newBoundedStorage(context.Background(), osfs.New(gitDir), false)
			if c.keep {
				st = newCloneStorage(context.Background(), osfs.New(gitDir), false)
			}
			st, err := receiveInto(st, pack)
			if err != nil {
				t.Fatalf("Close: %v", err)
			}
			if c.keep {
				checkKept(t, st, verify)
			}
			got, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "*"))
			if len(got) != 2 {
				t.Fatalf("pack folder holds %v, want a pack and its index", got)
			}
			want, err := os.ReadFile(filepath.Join(dir, "git.idx"))
			if err != nil {
				t.Fatal(err)
			}
			idx, err := os.ReadFile(strings.TrimSuffix(got[0], ".idx") + ".idx")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(idx, want) {
				t.Errorf("index differs from git index-pack's (%d bytes, want %d)", len(idx), len(want))
			}

			// Every file of the commit reads back as in the working tree.
			r, err := git.Open(st, nil)
			if err != nil {
				t.Fatal(err)
			}
			c, err := r.CommitObject(plumbing.NewHash(repo.Head()))
			if err != nil {
				t.Fatal(err)
			}
			files, err := c.Files()
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			if err := files.ForEach(func(f *object.File) error {
				n++
				content, err := f.Contents()
				if err != nil {
					return err
				}
				disk, err := os.ReadFile(filepath.Join(repo.Dir, filepath.FromSlash(f.Name)))
				if err != nil {
					return err
				}
				if content != string(disk) {
					t.Errorf("%s: content differs", f.Name)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if n != 72 {
				t.Errorf("%d files, want 72", n)
			}
		})
	}
}

// checkKept checks the objects st kept inflated while indexing: each is
// the content of its hash and type, within the budget, and they include
// objects that are deltas in the pack (git verify-pack -v lists a delta
// with its depth and base: seven fields).
func checkKept(t *testing.T, st *boundedStorage, verify string) {
	t.Helper()
	deltas := map[plumbing.Hash]bool{}
	for _, line := range strings.Split(verify, "\n") {
		if f := strings.Fields(line); len(f) == 7 && plumbing.IsHash(f[0]) {
			deltas[plumbing.NewHash(f[0])] = true
		}
	}
	keptDeltas := 0
	var total int64
	for h, o := range st.inflated.objs {
		if got := plumbing.ComputeHash(o.typ, o.data); got != h {
			t.Errorf("kept %s %s hashes to %s", o.typ, h, got)
		}
		if deltas[h] {
			keptDeltas++
		}
		total += int64(len(o.data))
	}
	if total != st.inflated.size() || total > inflatedTotalMax {
		t.Errorf("kept %d bytes (counted %d), budget %d", total, st.inflated.size(), inflatedTotalMax)
	}
	if len(deltas) == 0 || keptDeltas == 0 {
		t.Errorf("kept %d of the pack's %d deltas; want some", keptDeltas, len(deltas))
	}
	if len(st.inflated.objs) < 70 {
		t.Errorf("kept %d objects; the pack's small ones fit the budget", len(st.inflated.objs))
	}
}

// packOf runs git pack-objects in dir with revs on its input.
func packOf(t testing.TB, dir, revs string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("git", append([]string{"pack-objects", "--stdout", "--revs"}, args...)...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(revs)
	pack, err := cmd.Output()
	if err != nil {
		t.Fatalf("git pack-objects %v: %v", args, err)
	}
	return pack
}

// receive writes pack into the bare repository gitDir as a fetch would.
func receive(gitDir string, pack []byte) (*boundedStorage, error) {
	return receiveInto(newBoundedStorage(context.Background(), osfs.New(gitDir), false), pack)
}

// receiveInto writes pack into st as a fetch would.
func receiveInto(st *boundedStorage, pack []byte) (*boundedStorage, error) {
	w, err := st.PackfileWriter()
	if err != nil {
		return nil, err
	}
	_, _ = w.Write(pack)
	return st, w.Close()
}

// TestIndexPackThinAndBroken: a thin pack resolves against the objects the
// repository already has, and is an error without them; a truncated pack
// and one with a corrupt checksum are errors. A refused pack leaves
// nothing behind.
func TestIndexPackThinAndBroken(t *testing.T) {
	t.Parallel()
	repo := deltaRepo(t)
	pack := packOf(t, repo.Dir, "HEAD\n")
	// The next commit edits files a little: git sends them as deltas
	// against the previous commit's objects, which are not in the pack.
	next := gittest.Files{}
	for i := range 10 {
		p := fmt.Sprintf("variant/%02d.txt", i)
		old, err := os.ReadFile(filepath.Join(repo.Dir, p))
		if err != nil {
			t.Fatal(err)
		}
		next[p] = string(old) + "one more line\n"
	}
	head := repo.Commit(next, "edit")
	thin := packOf(t, repo.Dir, "HEAD\n^HEAD~1\n", "--thin")
	corrupt := bytes.Clone(pack)
	corrupt[len(corrupt)-1] ^= 0xff
	for name, p := range map[string][]byte{
		"truncated": pack[:len(pack)/2],
		"checksum":  corrupt,
		"thin":      thin,
	} {
		gitDir := t.TempDir()
		if _, err := git.PlainInit(gitDir, true); err != nil {
			t.Fatal(err)
		}
		if _, err := receive(gitDir, p); err == nil {
			t.Errorf("%s: Close succeeded", name)
		} else if name == "thin" && !strings.Contains(err.Error(), "without a base") {
			t.Errorf("thin: %v, want deltas without a base", err)
		}
		if left, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "*")); len(left) != 0 {
			t.Errorf("%s: left %v", name, left)
		}
	}

	gitDir := t.TempDir()
	if _, err := git.PlainInit(gitDir, true); err != nil {
		t.Fatal(err)
	}
	if _, err := receive(gitDir, pack); err != nil {
		t.Fatal(err)
	}
	st, err := receive(gitDir, thin)
	if err != nil {
		t.Fatalf("thin pack over its bases: %v", err)
	}
	r, err := git.Open(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(plumbing.NewHash(head))
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.File("variant/03.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Contents(); got != next["variant/03.txt"] {
		t.Errorf("variant/03.txt after the thin pack: %d bytes, want %d", len(got), len(next["variant/03.txt"]))
	}
}

// FuzzIndexPack: whatever a server sends as a pack, receiving it is an
// error or a pack, never a panic or a hang.
func FuzzIndexPack(f *testing.F) {
	if _, err := exec.LookPath("git"); err != nil {
		f.Skip("git is not on PATH")
	}
	text := strings.Repeat("a line that both files share\n", 40)
	repo := gittest.NewRepo(f, gittest.Files{"a.txt": text, "b.txt": text + "one more\n", "c/d.txt": "small\n"})
	pack := packOf(f, repo.Dir, "HEAD\n", "--delta-base-offset")
	f.Add(pack)
	f.Add(packOf(f, repo.Dir, "HEAD\n"))
	f.Add(pack[:len(pack)/2])
	f.Fuzz(func(t *testing.T, p []byte) {
		gitDir := t.TempDir()
		if _, err := git.PlainInit(gitDir, true); err != nil {
			t.Fatal(err)
		}
		_, _ = receive(gitDir, p)
	})
}

// TestHistoryCloneBigBlobBoundedMemory: the full-history clone that
// `score scan --outcomes` makes goes through the same bounded pack writer
// as the scan's own clones, so a 32 MiB blob in the history is never held
// whole. With go-git's own writer (PlainClone) it allocated the blob's
// size.
func TestHistoryCloneBigBlobBoundedMemory(t *testing.T) {
	_, srv := bigBlobServer(t)
	before := heapAllocs()
	repo, cleanup, err := cloneHistory(context.Background(), RepoRef{URL: srv.RepoURL("big")}, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	allocated := heapAllocs() - before
	t.Logf("allocated %d KiB", allocated>>10)
	if allocated > bigBlobSize/4 {
		t.Errorf("history clone allocated %d MiB for a %d MiB blob, want under %d MiB", allocated>>20, bigBlobSize>>20, bigBlobSize>>22)
	}
	if _, err := repo.Head(); err != nil {
		t.Errorf("HEAD of the history clone: %v", err)
	}
}

// applyDelta copies a long run from the base in pieces of its buffer (git
// writes copies of at most 64 KiB, a hand-made delta may ask for up to
// 16 MiB at once) and refuses a delta that ends inside an insert.
func TestApplyDeltaLongCopy(t *testing.T) {
	t.Parallel()
	base := make([]byte, 200_000)
	for i := range base {
		base[i] = byte(i * 7)
	}
	varint := func(n int) []byte {
		var out []byte
		for {
			b := byte(n & 0x7f)
			n >>= 7
			if n == 0 {
				return append(out, b)
			}
			out = append(out, b|0x80)
		}
	}
	const run = 150_000 // 0x0249F0: three size bytes
	delta := append(varint(len(base)), varint(run+3)...)
	delta = append(delta, 0x80|0x70, 0xF0, 0x49, 0x02) // copy: no offset bytes (0), three size bytes
	delta = append(delta, 3, 'x', 'y', 'z')            // insert three bytes
	held := &heldObject{ReaderAt: bytes.NewReader(base), size: int64(len(base)), mem: true}
	var out bytes.Buffer
	err := applyDelta(held, bufio.NewReader(bytes.NewReader(delta)), func(size int64) io.Writer {
		if size != run+3 {
			t.Errorf("target size %d, want %d", size, run+3)
		}
		return &out
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := append(append([]byte{}, base[:run]...), "xyz"...); !bytes.Equal(out.Bytes(), want) {
		t.Errorf("result of %d bytes differs from the base's first %d and \"xyz\"", out.Len(), run)
	}
	short := append(varint(len(base)), varint(10)...)
	short = append(short, 10, 'a', 'b')
	err = applyDelta(held, bufio.NewReader(bytes.NewReader(short)), func(int64) io.Writer { return io.Discard })
	if !errors.Is(err, packfile.ErrInvalidDelta) {
		t.Errorf("delta ending inside an insert: %v, want ErrInvalidDelta", err)
	}
}

// TestIndexPackMutated: packs with bytes changed at random (the header,
// object headers, zlib streams, the checksum) are refused with an error,
// or indexed when the change is harmless, and never panic or hang; with
// objects kept inflated too. (The fuzzer, FuzzIndexPack, explores more
// but makes few runs a minute here.)
func TestIndexPackMutated(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("a line that both files share\n", 40)
	repo := gittest.NewRepo(t, gittest.Files{"a.txt": text, "b.txt": text + "one more\n", "c/d.txt": "small\n"})
	packs := [][]byte{packOf(t, repo.Dir, "HEAD\n", "--delta-base-offset"), packOf(t, repo.Dir, "HEAD\n")}
	rng := rand.New(rand.NewPCG(5, 6))
	refused := 0
	for i := range 400 {
		p := bytes.Clone(packs[i%2])
		for range 1 + rng.IntN(3) {
			p[rng.IntN(len(p))] = byte(rng.IntN(256))
		}
		if rng.IntN(4) == 0 {
			p = p[:rng.IntN(len(p))]
		}
		dir := t.TempDir()
		st := newBoundedStorage(context.Background(), osfs.New(dir), false)
		if i%3 == 0 {
			st = newCloneStorage(context.Background(), osfs.New(dir), false)
		}
		if _, err := receiveInto(st, p); err != nil {
			refused++
		}
		st.inflated.release()
	}
	if refused < 300 {
		t.Errorf("%d of 400 damaged packs refused; the checksum alone should refuse nearly all", refused)
	}
}
