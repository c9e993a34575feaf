package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap"
)

func TestPositionRoundTrip(t *testing.T) {
	t.Parallel()
	h := NewHandler(NewPositionStore(), zap.NewNop())

	put := httptest.NewRecorder()
	h.ServeHTTP(put, httptest.NewRequest(http.MethodPut, "/v1/vehicles/v-7/position",
		strings.NewReader(`{"lat":52.52,"lon":13.40,"at":"2024-07-10T08:00:00Z"}`)))
	if put.Code != http.StatusNoContent {
		t.Fatalf("PUT code = %d", put.Code)
	}

	get := httptest.NewRecorder()
	h.ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/v1/vehicles/v-7/position", nil))
	if get.Code != http.StatusOK || !strings.Contains(get.Body.String(), `"vehicle_id":"v-7"`) {
		t.Fatalf("GET = %d %s", get.Code, get.Body)
	}
}

func TestStalePositionIgnored(t *testing.T) {
	t.Parallel()
	s := NewPositionStore()
	newer := Position{VehicleID: "v-1", Lat: 1}
	newer.At = newer.At.AddDate(2024, 0, 0)
	if !s.Put(newer) {
		t.Fatal("first put rejected")
	}
	if s.Put(Position{VehicleID: "v-1", Lat: 2}) {
		t.Fatal("older position accepted")
	}
}
