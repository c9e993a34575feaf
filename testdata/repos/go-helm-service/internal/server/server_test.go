package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"gitlab.example.com/payments/payments-api/internal/ledger"
)

func TestCreatePayment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want int
	}{
		{"valid", `{"account_id":"acc_1","amount_minor":1250,"currency":"EUR"}`, http.StatusCreated},
		{"bad json", `{`, http.StatusBadRequest},
		{"zero amount", `{"account_id":"acc_1","amount_minor":0,"currency":"EUR"}`, http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := New(ledger.NewMemoryStore(), zap.NewNop(), prometheus.NewRegistry())
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/v1/payments", strings.NewReader(tt.body))
			s.Routes().ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d (body %s)", rec.Code, tt.want, rec.Body)
			}
		})
	}
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	s := New(ledger.NewMemoryStore(), zap.NewNop(), prometheus.NewRegistry())
	s.SetReady(false)
	rec := httptest.NewRecorder()
	s.Routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503", rec.Code)
	}
}
