package gitauth

import "testing"

// testdata/keys/id_rsa is a throwaway key generated for this test only.
func TestSigner(t *testing.T) {
	t.Parallel()
	s, err := Signer("../../testdata/keys/id_rsa")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.PublicKey().Type(); got != "ssh-rsa" {
		t.Fatalf("key type = %q, want ssh-rsa", got)
	}
}
