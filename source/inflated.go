package source

import (
	"bytes"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
)

// Bounds of the objects a clone keeps inflated; see docs/bounds.md
// ("Cloning").
const (
	// inflatedTotalMax bounds the bytes of inflated objects one clone
	// keeps from indexing its pack until its snapshot is dropped.
	inflatedTotalMax = 8 << 20
	// inflatedProcessMax bounds them for all the clones of the process
	// at once, whatever --concurrency is.
	inflatedProcessMax = 32 << 20
	// inflatedObjectMax is the largest object kept.
	inflatedObjectMax = 256 << 10
)

// inflatedInUse is the bytes all clones keep now (inflatedProcessMax).
var inflatedInUse atomic.Int64

// reserveInflated takes n bytes of the process's budget, if they are free.
func reserveInflated(n int64) bool {
	for {
		used := inflatedInUse.Load()
		if used+n > inflatedProcessMax {
			return false
		}
		if inflatedInUse.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

// inflatedObjects are objects of a received pack kept as indexPack
// inflated them to hash them, so that reading them afterwards (every
// file, by the secret scan and the collectors) does not inflate them a
// second time: before, inflating twice was half of a cold scan's CPU. A
// scan reads nearly every object of the depth-1 pack it received. Objects
// are kept in pack order (the commit, then trees and blobs) until the
// budget is spent (the clone's, and the process's: see release); the
// rest are read from the pack as before.
type inflatedObjects struct {
	max  int64
	mu   sync.RWMutex
	objs map[plumbing.Hash]inflatedObject
	// held is the bytes of objs, which the process's budget counts. It is
	// apart from the objects so that a clone's clean-up, which gives the
	// bytes back, does not keep the objects alive a collection longer.
	held *inflatedHeld
}

// inflatedHeld is the bytes of one clone's kept objects that the
// process's budget counts.
type inflatedHeld struct{ n atomic.Int64 }

// release gives the bytes back to the process's budget.
func (h *inflatedHeld) release() { inflatedInUse.Add(-h.n.Swap(0)) }

type inflatedObject struct {
	typ  plumbing.ObjectType
	data []byte
}

func newInflatedObjects(max int64) *inflatedObjects {
	return &inflatedObjects{max: max, objs: map[plumbing.Hash]inflatedObject{}, held: &inflatedHeld{}}
}

// room reports whether an object of size bytes would be kept. A nil
// receiver keeps nothing.
func (c *inflatedObjects) room(size int64) bool {
	if c == nil || size > inflatedObjectMax {
		return false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.held.n.Load()+size <= c.max && inflatedInUse.Load()+size <= inflatedProcessMax
}

// size is the bytes kept.
func (c *inflatedObjects) size() int64 { return c.held.n.Load() }

// add keeps data (not copied) as object h, if there is room.
func (c *inflatedObjects) add(h plumbing.Hash, typ plumbing.ObjectType, data []byte) {
	if c == nil || int64(len(data)) > inflatedObjectMax {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.objs == nil { // released: keeps nothing more
		return
	}
	if _, ok := c.objs[h]; ok || c.size()+int64(len(data)) > c.max || !reserveInflated(int64(len(data))) {
		return
	}
	c.objs[h] = inflatedObject{typ: typ, data: data}
	c.held.n.Add(int64(len(data)))
}

// release drops the kept objects and gives their bytes back to the
// process's budget: when the clone's file system is closed (score scan
// closes it once the repository's row is made), or the clone fails.
// Reads afterwards go to the pack. An unclosed clone's bytes go back when
// its file system is garbage collected (inflatedHeld.release).
func (c *inflatedObjects) release() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held.release()
	c.objs = nil
}

func (c *inflatedObjects) get(h plumbing.Hash) (inflatedObject, bool) {
	if c == nil {
		return inflatedObject{}, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	o, ok := c.objs[h]
	return o, ok
}

// EncodedObject serves a kept object without reading the pack, with the
// type check of go-git's storage; anything else from the pack.
func (s *boundedStorage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o, ok := s.inflated.get(h); ok {
		if t != plumbing.AnyObject && t != o.typ {
			return nil, plumbing.ErrObjectNotFound
		}
		return &keptObject{hash: h, typ: o.typ, data: o.data}, nil
	}
	return s.Storage.EncodedObject(t, h)
}

// EncodedObjectSize is the size of a kept object, or go-git's answer.
func (s *boundedStorage) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	if o, ok := s.inflated.get(h); ok {
		return int64(len(o.data)), nil
	}
	return s.Storage.EncodedObjectSize(h)
}

var errKeptReadOnly = errors.New("a kept object cannot be written")

// keptObject is a read-only plumbing.EncodedObject over kept bytes. Unlike
// plumbing.MemoryObject it knows its hash (MemoryObject hashes its content
// again when asked) and does not copy the bytes.
type keptObject struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	data []byte
}

func (o *keptObject) Hash() plumbing.Hash           { return o.hash }
func (o *keptObject) Type() plumbing.ObjectType     { return o.typ }
func (o *keptObject) SetType(t plumbing.ObjectType) { o.typ = t }
func (o *keptObject) Size() int64                   { return int64(len(o.data)) }
func (o *keptObject) SetSize(int64)                 {}
func (o *keptObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *keptObject) Writer() (io.WriteCloser, error) { return nil, errKeptReadOnly }
