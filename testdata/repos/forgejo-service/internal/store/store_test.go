package store

import (
	"errors"
	"testing"
)

func TestAddGet(t *testing.T) {
	t.Parallel()
	m := NewMemory()
	code, err := m.Add("https://forge.example.org/infra/shortlink")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 7 {
		t.Fatalf("code %q has length %d, want 7", code, len(code))
	}
	got, err := m.Get(code)
	if err != nil || got != "https://forge.example.org/infra/shortlink" {
		t.Fatalf("Get(%q) = %q, %v", code, got, err)
	}
}

func TestGetUnknown(t *testing.T) {
	t.Parallel()
	if _, err := NewMemory().Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}
