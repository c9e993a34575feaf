package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Position is a vehicle's last reported location.
type Position struct {
	VehicleID string    `json:"vehicle_id"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	At        time.Time `json:"at"`
}

// PositionStore keeps the latest position per vehicle.
type PositionStore struct {
	mu  sync.RWMutex
	pos map[string]Position
}

// NewPositionStore returns an empty store.
func NewPositionStore() *PositionStore { return &PositionStore{pos: map[string]Position{}} }

// Put records p if it is newer than what is stored.
func (s *PositionStore) Put(p Position) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.pos[p.VehicleID]; ok && !p.At.After(old.At) {
		return false
	}
	s.pos[p.VehicleID] = p
	return true
}

// Get returns the latest position of a vehicle.
func (s *PositionStore) Get(id string) (Position, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.pos[id]
	return p, ok
}

// Handler serves /v1/vehicles/{id}/position.
type Handler struct {
	store *PositionStore
	log   *zap.Logger
}

// NewHandler returns a Handler.
func NewHandler(store *PositionStore, log *zap.Logger) *Handler {
	return &Handler{store: store, log: log}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/v1/vehicles/")
	id, suffix, _ := strings.Cut(rest, "/")
	if id == "" || suffix != "position" {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		p, ok := h.store.Get(id)
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(p)
	case http.MethodPut:
		var p Position
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, "bad position", http.StatusBadRequest)
			return
		}
		p.VehicleID = id
		if !h.store.Put(p) {
			h.log.Debug("stale position dropped", zap.String("vehicle_id", id))
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}
