// Package store keeps short codes and their targets.
package store

import (
	"crypto/rand"
	"errors"
	"math/big"
	"sync"
)

// ErrNotFound is returned for an unknown code.
var ErrNotFound = errors.New("short link not found")

const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// Memory is an in-memory store.
type Memory struct {
	mu    sync.RWMutex
	links map[string]string
}

// NewMemory returns an empty store.
func NewMemory() *Memory { return &Memory{links: map[string]string{}} }

// Add stores target under a new random 7-character code.
func (m *Memory) Add(target string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		code, err := randomCode(7)
		if err != nil {
			return "", err
		}
		if _, taken := m.links[code]; !taken {
			m.links[code] = target
			return code, nil
		}
	}
}

// Get returns the target of code.
func (m *Memory) Get(code string) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.links[code]
	if !ok {
		return "", ErrNotFound
	}
	return t, nil
}

func randomCode(n int) (string, error) {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}
