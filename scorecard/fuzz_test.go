package scorecard

import (
	"bytes"
	"testing"
)

// FuzzReadJSON: a scan result comes from a file a user names; reading it
// must never panic, and what reads must write and read back unchanged.
func FuzzReadJSON(f *testing.F) {
	var seed bytes.Buffer
	s := sampleScan()
	Finalize(s)
	if err := WriteJSON(&seed, s); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte(`{"schema": "score.scan/v1"}`))
	f.Add([]byte(`{"schema": "score.scan/v1", "repos": [{"name": "r", "checks": [{"id": "x", "findings": null}]}], "teams": [{"levels": null}]}`))
	f.Add([]byte(`{"schema": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var a bytes.Buffer
		if err := WriteJSON(&a, s); err != nil {
			t.Fatalf("write what was read: %v", err)
		}
		s2, err := ReadJSON(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("read what was written: %v\n%s", err, a.Bytes())
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, s2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("not stable:\n%s\n%s", a.Bytes(), b.Bytes())
		}
	})
}
