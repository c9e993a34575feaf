// Command manifest-lint serves an HTTP API that lints the Kubernetes
// manifests of a repository before it is onboarded to the platform.
package main

import (
	"net/http"
	"os"
	"time"

	"github.com/acmecorp/healthz"
	"github.com/go-chi/chi/v5"
	"github.com/rs/zerolog"

	"github.com/example/manifest-lint/internal/lint"
)

func main() {
	log := zerolog.New(os.Stdout).With().Timestamp().Logger()

	r := chi.NewRouter()
	r.Mount("/healthz", healthz.Handler())
	r.Post("/v1/lint", lint.Handler(log))

	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	log.Info().Str("addr", srv.Addr).Msg("manifest-lint listening")
	if err := srv.ListenAndServe(); err != nil {
		log.Fatal().Err(err).Msg("serve")
	}
}
