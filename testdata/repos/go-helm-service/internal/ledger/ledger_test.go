package ledger

import (
	"context"
	"errors"
	"testing"
)

func TestMemoryStoreCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      Payment
		wantErr error
	}{
		{"ok", Payment{AccountID: "acc_1", AmountMinor: 100, Currency: "EUR"}, nil},
		{"negative", Payment{AccountID: "acc_1", AmountMinor: -1, Currency: "EUR"}, ErrInvalid},
		{"bad currency", Payment{AccountID: "acc_1", AmountMinor: 100, Currency: "EURO"}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := NewMemoryStore().Create(context.Background(), tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && got.ID == "" {
				t.Fatal("booked payment has no id")
			}
		})
	}
}

func TestMemoryStoreGetUnknown(t *testing.T) {
	t.Parallel()
	if _, err := NewMemoryStore().Get(context.Background(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}
