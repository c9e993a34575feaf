package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.example.org/infra/shortlink/internal/store"
)

func TestCreateAndFollow(t *testing.T) {
	t.Parallel()
	s := store.NewMemory()
	h := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://s.example.org")

	tests := []struct {
		name string
		body string
		want int
	}{
		{"https", `{"url":"https://forge.example.org/"}`, http.StatusCreated},
		{"ftp rejected", `{"url":"ftp://forge.example.org/"}`, http.StatusUnprocessableEntity},
		{"relative rejected", `{"url":"/just/a/path"}`, http.StatusUnprocessableEntity},
		{"garbage", `{`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/links", strings.NewReader(tt.body)))
			if rec.Code != tt.want {
				t.Fatalf("code = %d, want %d", rec.Code, tt.want)
			}
		})
	}
}

func TestUnknownCodeIs404(t *testing.T) {
	t.Parallel()
	h := New(store.NewMemory(), slog.New(slog.NewTextHandler(io.Discard, nil)), "")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/zzzzzzz", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("code = %d, want 404", rec.Code)
	}
}
