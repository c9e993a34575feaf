// Package httpapi exposes the policy decision point over HTTP.
package httpapi

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/example/authz-service/internal/policy"
)

var decisions = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "authz_decisions_total",
	Help: "Authorization decisions by result.",
}, []string{"result"})

// API serves decisions.
type API struct {
	rules *policy.Rules
	log   zerolog.Logger
}

// New returns an API over rules.
func New(rules *policy.Rules, log zerolog.Logger) *API { return &API{rules: rules, log: log} }

type checkRequest struct {
	Roles    []string `json:"roles"`
	Action   string   `json:"action"`
	Resource string   `json:"resource"`
}

// Router returns the HTTP routes.
func (a *API) Router() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.Recoverer, middleware.Timeout(2*time.Second))
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	r.Handle("/metrics", promhttp.Handler())
	r.Post("/v1/check", a.check)
	return r
}

func (a *API) check(w http.ResponseWriter, r *http.Request) {
	var req checkRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Action == "" || req.Resource == "" {
		http.Error(w, `{"error":"roles, action and resource are required"}`, http.StatusBadRequest)
		return
	}
	allowed := a.rules.Allowed(req.Roles, req.Action, req.Resource)
	result := "deny"
	if allowed {
		result = "allow"
	}
	decisions.WithLabelValues(result).Inc()
	a.log.Debug().Str("action", req.Action).Str("resource", req.Resource).Str("result", result).Msg("decision")
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]bool{"allowed": allowed})
}
