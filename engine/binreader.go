package engine

import (
	"encoding/binary"
	"fmt"
)

// binReader reads the varints, bytes and lengths of the load cache's
// binary forms (astcodec.go, vmcodec.go), trusting none of them. The first
// problem sticks: it is kept in err, wrapping kind, and every later read
// returns a zero value.
type binReader struct {
	b    []byte
	err  error
	kind error
}

func (r *binReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: corrupt data (%s)", r.kind, what)
	}
	r.b = nil
}

func (r *binReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("varint")
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *binReader) byte() byte {
	if len(r.b) == 0 {
		r.fail("eof")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// count reads a length, refusing one larger than the bytes left (every
// element takes at least one byte), so corrupt data cannot allocate much.
func (r *binReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail("length")
		return 0
	}
	return int(n)
}
