package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/example/authz-service/internal/policy"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	rules, err := policy.Load("")
	if err != nil {
		t.Fatal(err)
	}
	h := New(rules, zerolog.Nop()).Router()
	tests := []struct {
		name     string
		body     string
		wantCode int
		wantBody string
	}{
		{"allow", `{"roles":["billing"],"action":"read","resource":"invoices/1"}`, http.StatusOK, `{"allowed":true}`},
		{"deny", `{"roles":["billing"],"action":"delete","resource":"invoices/1"}`, http.StatusOK, `{"allowed":false}`},
		{"missing action", `{"roles":["billing"],"resource":"invoices/1"}`, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/check", strings.NewReader(tt.body)))
			if rec.Code != tt.wantCode {
				t.Fatalf("code = %d, want %d", rec.Code, tt.wantCode)
			}
			if tt.wantBody != "" && strings.TrimSpace(rec.Body.String()) != tt.wantBody {
				t.Errorf("body = %s, want %s", rec.Body, tt.wantBody)
			}
		})
	}
}
