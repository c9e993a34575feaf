// Package server holds the HTTP handlers of the payments API.
package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"go.uber.org/zap"

	"gitlab.example.com/payments/payments-api/internal/ledger"
)

var tracer = otel.Tracer("gitlab.example.com/payments/payments-api/internal/server")

// Server serves payments over HTTP.
type Server struct {
	store    ledger.Store
	log      *zap.Logger
	ready    atomic.Bool
	requests *prometheus.CounterVec
}

// New returns a Server that is ready to take traffic.
func New(store ledger.Store, log *zap.Logger, reg prometheus.Registerer) *Server {
	s := &Server{
		store: store,
		log:   log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "payments_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
	}
	reg.MustRegister(s.requests)
	s.ready.Store(true)
	return s
}

// SetReady flips the readiness endpoint, e.g. during shutdown.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }

// Routes returns the API's handler.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("POST /v1/payments", s.createPayment)
	mux.HandleFunc("GET /v1/payments/{id}", s.getPayment)
	return mux
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

type createPaymentRequest struct {
	AccountID   string `json:"account_id"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

func (s *Server) createPayment(w http.ResponseWriter, r *http.Request) {
	ctx, span := tracer.Start(r.Context(), "createPayment")
	defer span.End()

	var req createPaymentRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.respond(w, "create", http.StatusBadRequest, map[string]string{"error": "invalid JSON body"})
		return
	}
	p, err := s.store.Create(ctx, ledger.Payment{AccountID: req.AccountID, AmountMinor: req.AmountMinor, Currency: req.Currency})
	if errors.Is(err, ledger.ErrInvalid) {
		s.respond(w, "create", http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	if err != nil {
		s.log.Error("create payment", zap.Error(err))
		s.respond(w, "create", http.StatusInternalServerError, nil)
		return
	}
	s.respond(w, "create", http.StatusCreated, p)
}

func (s *Server) getPayment(w http.ResponseWriter, r *http.Request) {
	ctx, span := tracer.Start(r.Context(), "getPayment")
	defer span.End()

	p, err := s.store.Get(ctx, r.PathValue("id"))
	if errors.Is(err, ledger.ErrNotFound) {
		s.respond(w, "get", http.StatusNotFound, map[string]string{"error": "payment not found"})
		return
	}
	if err != nil {
		s.log.Error("get payment", zap.Error(err))
		s.respond(w, "get", http.StatusInternalServerError, nil)
		return
	}
	s.respond(w, "get", http.StatusOK, p)
}

func (s *Server) respond(w http.ResponseWriter, route string, code int, body any) {
	s.requests.WithLabelValues(route, http.StatusText(code)).Inc()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if body != nil {
		_ = json.NewEncoder(w).Encode(body)
	}
}
