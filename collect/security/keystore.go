package security

import (
	"bytes"
	"encoding/binary"
)

var (
	jksMagic   = []byte{0xfe, 0xed, 0xfe, 0xed}
	jceksMagic = []byte{0xce, 0xce, 0xce, 0xce}
	// The DER encodings of the PKCS#12 bag types that hold a private key:
	// keyBag (1.2.840.113549.1.12.10.1.1) and pkcs8ShroudedKeyBag (...1.2).
	p12KeyBagOID         = []byte{0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x01}
	p12ShroudedKeyBagOID = []byte{0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x02}
)

// keystoreHasKey reports whether a Java or PKCS#12 key store holds a
// private or secret key, so that a committed trust store (certificates
// only) is not a secret. known is false when the format is not recognised;
// the file's name then decides.
//
// JKS and JCEKS stores are walked entry by entry (a private-key or
// secret-key entry answers at once). In a PKCS#12 file the key bags of
// OpenSSL and keytool sit in plain data, their type visible even though
// the key is encrypted, while certificates are usually encrypted; a store
// whose keys are themselves inside encrypted data (rare) reads as a trust
// store.
func keystoreHasKey(data []byte) (hasKey, known bool) {
	switch {
	case bytes.HasPrefix(data, jksMagic) || bytes.HasPrefix(data, jceksMagic):
		return jksHasKey(data)
	case isPFX(data):
		return bytes.Contains(data, p12KeyBagOID) || bytes.Contains(data, p12ShroudedKeyBagOID), true
	}
	return false, false
}

// isPFX recognises a PKCS#12 file by its start: a DER SEQUENCE whose first
// element is the version INTEGER 3.
func isPFX(data []byte) bool {
	if len(data) < 2 || data[0] != 0x30 {
		return false
	}
	h := 2
	if data[1]&0x80 != 0 {
		h += int(data[1] & 0x7f)
	}
	return len(data) >= h+3 && bytes.Equal(data[h:h+3], []byte{0x02, 0x01, 0x03})
}

// jksHasKey walks a JKS or JCEKS store: magic, version, entry count, then
// per entry a tag (1 private key, 2 trusted certificate, 3 secret key),
// alias, timestamp and, for a certificate, its type (version 2) and
// length-prefixed encoding.
func jksHasKey(data []byte) (hasKey, known bool) {
	if len(data) < 12 {
		return false, false
	}
	version := binary.BigEndian.Uint32(data[4:])
	count := binary.BigEndian.Uint32(data[8:])
	off := 12
	u16 := func() int {
		if off+2 > len(data) {
			return -1
		}
		n := int(binary.BigEndian.Uint16(data[off:]))
		off += 2
		return n
	}
	u32 := func() int {
		if off+4 > len(data) {
			return -1
		}
		n := binary.BigEndian.Uint32(data[off:])
		off += 4
		if n > uint32(len(data)) {
			return -1
		}
		return int(n)
	}
	skip := func(n int) bool {
		if n < 0 || off+n > len(data) {
			return false
		}
		off += n
		return true
	}
	for range count {
		switch u32() {
		case 1, 3:
			return true, true
		case 2:
		default:
			return false, false
		}
		if !skip(u16()) || !skip(8) { // alias, timestamp
			return false, false
		}
		if version == 2 && !skip(u16()) { // certificate type
			return false, false
		}
		if !skip(u32()) { // certificate
			return false, false
		}
	}
	return false, true
}
