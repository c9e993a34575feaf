package auth

import "testing"

func TestCheck(t *testing.T) {
	if Check("") {
		t.Fatal("empty token accepted")
	}
}
