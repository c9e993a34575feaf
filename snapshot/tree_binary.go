package snapshot

// ReadBinary is Read for files whose format is binary (key stores): the
// same confinement, size and budget rules, the bytes as they are. A text
// file is returned as well.
func (t *Tree) ReadBinary(p string) ([]byte, error) {
	return t.readBytes(p, nil)
}
