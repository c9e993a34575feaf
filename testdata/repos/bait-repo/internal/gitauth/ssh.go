// Package gitauth builds SSH auth for cloning private repositories.
package gitauth

import (
	"fmt"
	"os"

	"golang.org/x/crypto/ssh"
)

// Signer loads a PEM private key from path.
func Signer(path string) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read deploy key: %w", err)
	}
	s, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("parse deploy key %s: %w", path, err)
	}
	return s, nil
}
