package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/scoredev/score/snapshot"
)

// Bounds of indexPack; see docs/bounds.md ("Cloning").
const (
	// heldObjectMax is the largest delta base kept in memory while its
	// deltas are resolved; a larger one is inflated to a file beside the
	// pack and read back from there.
	heldObjectMax = snapshot.MaxFileSize
	// heldTotalMax bounds the delta bases kept in memory at once, along
	// one delta chain.
	heldTotalMax = 16 << 20
	// deltaObjectMax is the largest delta base or delta result accepted.
	// git itself never deltifies a blob over core.bigFileThreshold (512
	// MiB by default), so a pack that does was not made by git.
	deltaObjectMax = 512 << 20
	// deltaChainMax is git's own ceiling on delta chain depth.
	deltaChainMax = 4095
	// objectCacheMax bounds go-git's cache of the objects it read from a
	// clone's pack. Its default, 96 MiB, kept every file a scan read until
	// the clone was dropped: a repository's whole inflated size, times the
	// clones in flight. What a scan reads is mostly kept inflated already
	// (inflated.go); the cache still serves delta bases.
	objectCacheMax = 2 * cache.MiByte
)

var errPackBound = errors.New("pack refused")

// boundedStorage is go-git's file system storage, except for what it does
// with a pack received from a server: go-git's own pack writer resolves
// every object of the pack into memory to index it (a 1 GiB blob costs
// 1 GiB of RAM), while this one writes the pack to disk as it arrives and
// indexes it with indexPack, which streams every object through its hash
// and never holds a large one. Everything else is go-git's.
type boundedStorage struct {
	*filesystem.Storage
	ctx context.Context
	fs  billy.Filesystem
	// inflated keeps objects of received packs inflated (inflated.go);
	// nil keeps none.
	inflated *inflatedObjects
}

// newBoundedStorage opens the git folder at fs's root; objects over
// snapshot.MaxFileSize are read lazily (their size from the header first).
// keep keeps pack files open until the storage is closed.
func newBoundedStorage(ctx context.Context, fs billy.Filesystem, keep bool) *boundedStorage {
	return newStorage(ctx, fs, keep, cache.NewObjectLRUDefault())
}

// newCloneStorage is newBoundedStorage for a clone whose files are about
// to be read (not a history clone, whose old blobs never are): it keeps
// up to inflatedTotalMax bytes of the objects of the packs it receives
// inflated, and go-git's cache of objects read from the pack is small.
func newCloneStorage(ctx context.Context, fs billy.Filesystem, keep bool) *boundedStorage {
	s := newStorage(ctx, fs, keep, cache.NewObjectLRU(objectCacheMax))
	s.inflated = newInflatedObjects(inflatedTotalMax)
	return s
}

func newStorage(ctx context.Context, fs billy.Filesystem, keep bool, objects cache.Object) *boundedStorage {
	st := filesystem.NewStorageWithOptions(fs, objects,
		filesystem.Options{KeepDescriptors: keep, LargeObjectThreshold: snapshot.MaxFileSize})
	return &boundedStorage{Storage: st, ctx: ctx, fs: fs}
}

// PackfileWriter implements storer.PackfileWriter.
func (s *boundedStorage) PackfileWriter() (io.WriteCloser, error) {
	dir := s.fs.Join("objects", "pack")
	if err := s.fs.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := s.fs.TempFile(dir, "tmp_pack_")
	if err != nil {
		return nil, err
	}
	return &packWriter{s: s, f: f}, nil
}

// packWriter writes a received pack to a temporary file; Close indexes it
// and moves it into place as pack-<checksum>.pack with its .idx.
type packWriter struct {
	s *boundedStorage
	f billy.File
	n int64
}

func (w *packWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *packWriter) Close() error {
	name := w.f.Name()
	err := w.f.Close()
	if err == nil && w.n > 0 {
		err = w.s.install(name)
	}
	if rmErr := w.s.fs.Remove(name); rmErr != nil && err == nil && w.n == 0 {
		err = rmErr
	}
	return err
}

// install indexes the pack file name and moves it into place.
func (s *boundedStorage) install(name string) error {
	f, err := s.fs.Open(name)
	if err != nil {
		return err
	}
	sum, idx, err := indexPack(s.ctx, f, s)
	_ = f.Close()
	if err != nil {
		return err
	}
	base := s.fs.Join("objects", "pack", "pack-"+sum.String())
	out, err := s.fs.Create(base + ".idx")
	if err != nil {
		return err
	}
	_, err = idxfile.NewEncoder(out).Encode(idx)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.fs.Rename(name, base+".pack")
	}
	if err != nil {
		return fmt.Errorf("index pack: %w", err)
	}
	s.Reindex()
	return nil
}

// packSource is a pack file as indexPack reads it.
type packSource interface {
	io.ReadSeeker
	io.ReaderAt
}

// tempFiles is where indexPack puts delta bases too large to hold.
type tempFiles interface {
	TempFile(dir, prefix string) (billy.File, error)
	Remove(name string) error
}

// externalObjects gives the base of a delta that is not in the pack (a
// thin pack; go-git asks for none, but a server may send one).
type externalObjects interface {
	EncodedObject(plumbing.ObjectType, plumbing.Hash) (plumbing.EncodedObject, error)
}

// packObject is one object of the pack being indexed.
type packObject struct {
	offset   int64
	crc      uint32
	typ      plumbing.ObjectType // for a delta, its result's type once resolved
	size     int64               // inflated size in the pack (for a delta, of the delta)
	hash     plumbing.Hash       // zero until known
	children []*packObject       // offset deltas against this object
	delta    bool
}

// indexer resolves the deltas of one pack.
type indexer struct {
	ctx      context.Context
	pr       *packReader
	tmp      tempFiles
	ext      externalObjects
	keep     *inflatedObjects                // objects kept inflated for reading, or nil
	waiting  map[plumbing.Hash][]*packObject // reference deltas by base
	resolved int
	held     int64 // bytes of delta bases in memory
}

// indexPack indexes the pack in r in memory bounded by heldTotalMax plus
// go-git's per-object bookkeeping: an object that is not a delta is hashed
// as it streams by; a delta is resolved against its base, which is kept in
// memory when small and in a temporary file otherwise. It returns the
// pack's checksum and its index.
func indexPack(ctx context.Context, r packSource, s *boundedStorage) (plumbing.Hash, *idxfile.MemoryIndex, error) {
	pr, err := newPackReader(r)
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	defer pr.close()
	ix := &indexer{ctx: ctx, pr: pr, tmp: s.fs, ext: s, keep: s.inflated, waiting: map[plumbing.Hash][]*packObject{}}
	objs, sum, err := ix.scan()
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	for _, o := range objs {
		if o.delta {
			continue
		}
		if err := ix.resolveChildren(o, nil, 0); err != nil {
			return plumbing.ZeroHash, nil, err
		}
	}
	// Bases outside the pack, for what is still waiting.
	for h := range ix.waiting {
		if err := ix.resolveExternal(h); err != nil {
			return plumbing.ZeroHash, nil, err
		}
	}
	if ix.resolved != len(objs) {
		return plumbing.ZeroHash, nil, fmt.Errorf("%w: %d of its %d objects are deltas without a base", packfile.ErrMalformedPackFile, len(objs)-ix.resolved, len(objs))
	}
	w := new(idxfile.Writer)
	if err := w.OnHeader(uint32(len(objs))); err != nil {
		return plumbing.ZeroHash, nil, err
	}
	for _, o := range objs {
		w.Add(o.hash, uint64(o.offset), o.crc)
	}
	if err := w.OnFooter(sum); err != nil {
		return plumbing.ZeroHash, nil, err
	}
	idx, err := w.Index()
	return sum, idx, err
}

// scan reads the pack once: every object's offset and CRC, the hash of
// every object that is not a delta, and which delta goes with which base.
func (ix *indexer) scan() ([]*packObject, plumbing.Hash, error) {
	count, err := ix.pr.header()
	if err != nil {
		return nil, plumbing.ZeroHash, err
	}
	objs := make([]*packObject, 0, min(count, 1<<16))
	byOffset := make(map[int64]*packObject, min(count, 1<<16))
	for range count {
		if err := ix.ctx.Err(); err != nil {
			return nil, plumbing.ZeroHash, err
		}
		oh, err := ix.pr.objectHeader()
		if err != nil {
			return nil, plumbing.ZeroHash, err
		}
		o := &packObject{offset: oh.offset, typ: oh.typ, size: oh.size, delta: oh.typ.IsDelta()}
		switch oh.typ {
		case plumbing.OFSDeltaObject:
			base, ok := byOffset[oh.baseOff]
			if !ok {
				return nil, plumbing.ZeroHash, fmt.Errorf("%w: delta at %d against no object (offset %d)", packfile.ErrMalformedPackFile, oh.offset, oh.baseOff)
			}
			base.children = append(base.children, o)
			err = ix.pr.inflate(oh, io.Discard)
		case plumbing.REFDeltaObject:
			ix.waiting[oh.baseRef] = append(ix.waiting[oh.baseRef], o)
			err = ix.pr.inflate(oh, io.Discard)
		default:
			w, sum := ix.hashing(oh.typ, oh.size)
			if err = ix.pr.inflate(oh, w); err == nil {
				o.hash = sum()
			}
			ix.resolved++
		}
		if err != nil {
			return nil, plumbing.ZeroHash, err
		}
		byOffset[o.offset] = o
		objs = append(objs, o)
	}
	sum, err := ix.pr.sums(objs, ix.pr.pos())
	return objs, sum, err
}

// hashing returns the writer an object of typ and size is inflated into:
// its hash, and its content too when the clone keeps it inflated
// (inflated.go). sum, once it is all written, returns the hash and keeps
// the content.
func (ix *indexer) hashing(typ plumbing.ObjectType, size int64) (w io.Writer, sum func() plumbing.Hash) {
	h := plumbing.NewHasher(typ, size)
	if !ix.keep.room(size) {
		return h, h.Sum
	}
	b := bytes.NewBuffer(make([]byte, 0, size))
	return io.MultiWriter(h, b), func() plumbing.Hash {
		hash := h.Sum()
		ix.keep.add(hash, typ, b.Bytes())
		return hash
	}
}

// resolveChildren resolves the deltas against base (whose hash and type
// are known). content is base's content, or nil to read it from the pack
// when there is a delta to resolve.
func (ix *indexer) resolveChildren(base *packObject, content *heldObject, depth int) error {
	kids := append(base.children, ix.waiting[base.hash]...)
	delete(ix.waiting, base.hash)
	if len(kids) == 0 {
		return nil
	}
	if depth >= deltaChainMax {
		return fmt.Errorf("%w: delta chain deeper than %d", errPackBound, deltaChainMax)
	}
	if content == nil {
		c, err := ix.hold(base.size, func(w io.Writer) error {
			return ix.pr.inflateAt(base.offset, w)
		})
		if err != nil {
			return err
		}
		defer ix.release(c)
		content = c
	}
	for _, k := range kids {
		if err := ix.resolveDelta(k, base.typ, content, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// resolveDelta works out delta k's hash by applying it to base, then
// resolves the deltas against k.
func (ix *indexer) resolveDelta(k *packObject, typ plumbing.ObjectType, base *heldObject, depth int) error {
	if err := ix.ctx.Err(); err != nil {
		return err
	}
	apply := func(keep io.Writer) error {
		delta, err := ix.pr.deltaAt(k.offset)
		if err != nil {
			return err
		}
		var sum func() plumbing.Hash
		err = applyDelta(base, delta, func(target int64) io.Writer {
			var w io.Writer
			w, sum = ix.hashing(typ, target)
			if keep != nil {
				w = io.MultiWriter(w, keep)
			}
			return w
		})
		if err == nil {
			k.hash = sum()
		}
		return err
	}
	var content *heldObject
	if len(k.children) > 0 {
		// Its deltas need its content: keep it while hashing it.
		c, err := ix.holdDelta(k, apply)
		if err != nil {
			return err
		}
		content = c
	} else if err := apply(nil); err != nil {
		return err
	}
	k.typ = typ
	ix.resolved++
	if content == nil && len(ix.waiting[k.hash]) > 0 {
		// Reference deltas against it, known only now: apply it again.
		c, err := ix.holdDelta(k, apply)
		if err != nil {
			return err
		}
		content = c
	}
	if content != nil {
		defer ix.release(content)
	}
	return ix.resolveChildren(k, content, depth)
}

// holdDelta applies delta k (through apply) into a held object.
func (ix *indexer) holdDelta(k *packObject, apply func(io.Writer) error) (*heldObject, error) {
	// The result's size is in the delta's header: read it first.
	size, err := ix.deltaTargetSize(k)
	if err != nil {
		return nil, err
	}
	return ix.hold(size, apply)
}

// deltaTargetSize reads the size of delta k's result from its header.
func (ix *indexer) deltaTargetSize(k *packObject) (int64, error) {
	br, err := ix.pr.deltaAt(k.offset)
	if err != nil {
		return 0, err
	}
	if _, err := readVarint(br); err != nil {
		return 0, err
	}
	n, err := readVarint(br)
	if err != nil {
		return 0, err
	}
	return int64(min(n, deltaObjectMax+1)), nil // hold refuses what is over
}

// resolveExternal resolves the deltas waiting on h from the object store.
func (ix *indexer) resolveExternal(h plumbing.Hash) error {
	obj, err := ix.ext.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return nil // counted as unresolved
	}
	base := &packObject{hash: h, typ: obj.Type(), size: obj.Size()}
	c, err := ix.hold(obj.Size(), func(w io.Writer) error {
		r, err := obj.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	})
	if err != nil {
		return err
	}
	defer ix.release(c)
	return ix.resolveChildren(base, c, 0)
}

// heldObject is a delta base's content: in memory, or in a temporary file.
type heldObject struct {
	io.ReaderAt
	size int64
	mem  bool
	file billy.File
}

// hold fills a heldObject of size bytes with fill.
func (ix *indexer) hold(size int64, fill func(io.Writer) error) (*heldObject, error) {
	if size > deltaObjectMax {
		return nil, fmt.Errorf("%w: a delta against an object of %d MiB, over %d MiB", errPackBound, size>>20, deltaObjectMax>>20)
	}
	if size <= heldObjectMax && ix.held+size <= heldTotalMax {
		var b bytes.Buffer
		b.Grow(int(size))
		if err := fill(&limitedWriter{w: &b, left: size}); err != nil {
			return nil, err
		}
		if int64(b.Len()) != size {
			return nil, fmt.Errorf("%w: object of %d bytes declared %d", packfile.ErrMalformedPackFile, b.Len(), size)
		}
		ix.held += size
		return &heldObject{ReaderAt: bytes.NewReader(b.Bytes()), size: size, mem: true}, nil
	}
	f, err := ix.tmp.TempFile("", "tmp_base_")
	if err != nil {
		return nil, err
	}
	h := &heldObject{ReaderAt: f, size: size, file: f}
	lw := &limitedWriter{w: f, left: size}
	if err := fill(lw); err != nil {
		ix.release(h)
		return nil, err
	}
	if lw.left != 0 {
		ix.release(h)
		return nil, fmt.Errorf("%w: object of %d bytes declared %d", packfile.ErrMalformedPackFile, size-lw.left, size)
	}
	return h, nil
}

func (ix *indexer) release(h *heldObject) {
	if h.mem {
		ix.held -= h.size
		return
	}
	_ = h.file.Close()
	_ = ix.tmp.Remove(h.file.Name())
}

// limitedWriter refuses to write more than left bytes.
type limitedWriter struct {
	w    io.Writer
	left int64
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, fmt.Errorf("%w: object larger than declared", packfile.ErrMalformedPackFile)
	}
	n, err := l.w.Write(p)
	l.left -= int64(n)
	return n, err
}

// copyBuffers hold applyDelta's buffers. io.Copy made a buffer of 32 KiB
// for every copy command of every delta (neither a section of the base
// nor the result's writer offers a buffer of its own): most of the bytes
// a cold scan allocated.
var copyBuffers = sync.Pool{New: func() any { return new([0x10000]byte) }}

// applyDelta streams the result of git delta delta against base to the
// writer that open returns for the result's size (read from the delta's
// header). Copies from base are read at their offset; nothing is held
// beyond a copy buffer.
func applyDelta(base *heldObject, delta *bufio.Reader, open func(size int64) io.Writer) error {
	bp := copyBuffers.Get().(*[0x10000]byte)
	defer copyBuffers.Put(bp)
	buf := bp[:]
	src, err := readVarint(delta)
	if err != nil {
		return err
	}
	if int64(src) != base.size {
		return fmt.Errorf("%w: delta base is %d bytes, the delta expects %d", packfile.ErrInvalidDelta, base.size, src)
	}
	target, err := readVarint(delta)
	if err != nil {
		return err
	}
	if target > deltaObjectMax {
		return fmt.Errorf("%w: a delta makes an object of %d MiB, over %d MiB", errPackBound, target>>20, deltaObjectMax>>20)
	}
	w := open(int64(target))
	left := int64(target)
	for left > 0 {
		cmd, err := delta.ReadByte()
		if err != nil {
			return fmt.Errorf("%w: delta ends early", packfile.ErrInvalidDelta)
		}
		switch {
		case cmd&0x80 != 0: // copy from base
			off, err := deltaNumber(delta, cmd&0x0f)
			if err != nil {
				return err
			}
			n, err := deltaNumber(delta, cmd>>4&0x07)
			if err != nil {
				return err
			}
			if n == 0 {
				n = 0x10000
			}
			if n > left || off+n > base.size {
				return fmt.Errorf("%w: copy of %d bytes at %d out of range", packfile.ErrInvalidDelta, n, off)
			}
			left -= n
			for n > 0 {
				m := min(n, int64(len(buf)))
				// A ReaderAt may report io.EOF with the last bytes.
				if k, err := base.ReadAt(buf[:m], off); int64(k) < m {
					return fmt.Errorf("%w: reading the delta base: %v", packfile.ErrInvalidDelta, err)
				}
				if _, err := w.Write(buf[:m]); err != nil {
					return err
				}
				off, n = off+m, n-m
			}
		case cmd != 0: // insert cmd bytes from the delta
			n := int64(cmd)
			if n > left {
				return fmt.Errorf("%w: insert past the end", packfile.ErrInvalidDelta)
			}
			if _, err := io.ReadFull(delta, buf[:n]); err != nil {
				return packfile.ErrInvalidDelta
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return packfile.ErrInvalidDelta
			}
			left -= n
		default:
			return packfile.ErrDeltaCmd
		}
	}
	if _, err := delta.ReadByte(); err != io.EOF {
		return fmt.Errorf("%w: data after the delta's end", packfile.ErrInvalidDelta)
	}
	return nil
}

// deltaNumber reads a copy command's offset or size: one byte for each bit
// set in present, least significant first.
func deltaNumber(delta io.ByteReader, present byte) (int64, error) {
	var n int64
	for i := range 4 {
		if present&(1<<i) != 0 {
			b, err := delta.ReadByte()
			if err != nil {
				return 0, fmt.Errorf("%w: delta ends early", packfile.ErrInvalidDelta)
			}
			n |= int64(b) << (8 * i)
		}
	}
	return n, nil
}

// readVarint reads a delta header's little-endian base-128 number.
func readVarint(r io.ByteReader) (uint64, error) {
	var n uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.ReadByte()
		if err != nil {
			return 0, fmt.Errorf("%w: delta header cut short", packfile.ErrInvalidDelta)
		}
		n |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: delta header number too long", packfile.ErrInvalidDelta)
}
