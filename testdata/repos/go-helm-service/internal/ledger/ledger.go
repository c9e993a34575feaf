// Package ledger stores payments.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/google/uuid"
)

var (
	// ErrNotFound is returned for an unknown payment id.
	ErrNotFound = errors.New("payment not found")
	// ErrInvalid is returned for a payment that cannot be booked.
	ErrInvalid = errors.New("invalid payment")
)

// Payment is a booked payment. Amounts are in minor units (cents).
type Payment struct {
	ID          string `json:"id"`
	AccountID   string `json:"account_id"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

// Store books and looks up payments.
type Store interface {
	Create(ctx context.Context, p Payment) (Payment, error)
	Get(ctx context.Context, id string) (Payment, error)
}

// MemoryStore is an in-memory Store for tests and local runs.
type MemoryStore struct {
	mu       sync.RWMutex
	payments map[string]Payment
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{payments: map[string]Payment{}} }

// Create validates and books p.
func (m *MemoryStore) Create(_ context.Context, p Payment) (Payment, error) {
	if p.AmountMinor <= 0 {
		return Payment{}, fmt.Errorf("amount %d: %w", p.AmountMinor, ErrInvalid)
	}
	if len(p.Currency) != 3 {
		return Payment{}, fmt.Errorf("currency %q: %w", p.Currency, ErrInvalid)
	}
	p.ID = uuid.NewString()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.payments[p.ID] = p
	return p, nil
}

// Get returns the payment with the given id.
func (m *MemoryStore) Get(_ context.Context, id string) (Payment, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	p, ok := m.payments[id]
	if !ok {
		return Payment{}, ErrNotFound
	}
	return p, nil
}
