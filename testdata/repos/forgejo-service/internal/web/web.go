// Package web is the HTTP front end of shortlink.
package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/time/rate"

	"codeberg.example.org/infra/shortlink/internal/store"
)

var redirects = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "shortlink_redirects_total",
	Help: "Redirects served, by result.",
}, []string{"result"})

// Store is what the front end needs from storage.
type Store interface {
	Add(target string) (string, error)
	Get(code string) (string, error)
}

// New returns the HTTP handler.
func New(s Store, log *slog.Logger, baseURL string) http.Handler {
	limiter := rate.NewLimiter(rate.Limit(20), 40)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.Handle("GET /metrics", promhttp.Handler())
	mux.HandleFunc("POST /api/links", func(w http.ResponseWriter, r *http.Request) {
		if !limiter.Allow() {
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		var req struct {
			URL string `json:"url"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "invalid JSON", http.StatusBadRequest)
			return
		}
		u, err := url.Parse(req.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			http.Error(w, "url must be an absolute http(s) URL", http.StatusUnprocessableEntity)
			return
		}
		code, err := s.Add(u.String())
		if err != nil {
			log.Error("add link", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "short_url": baseURL + "/" + code})
	})
	mux.HandleFunc("GET /{code}", func(w http.ResponseWriter, r *http.Request) {
		target, err := s.Get(r.PathValue("code"))
		if errors.Is(err, store.ErrNotFound) {
			redirects.WithLabelValues("not_found").Inc()
			http.NotFound(w, r)
			return
		}
		redirects.WithLabelValues("ok").Inc()
		http.Redirect(w, r, target, http.StatusFound)
	})
	return mux
}
