// Command authz answers "may subject S do action A on resource R" for the
// internal APIs.
package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs/zerolog/log"

	"github.com/example/authz-service/internal/httpapi"
	"github.com/example/authz-service/internal/policy"
)

func main() {
	zerolog.TimeFieldFormat = zerolog.TimeFormatUnixMs
	logger := zerolog.New(os.Stdout).With().Timestamp().Str("service", "authz").Logger()

	rules, err := policy.Load(os.Getenv("AUTHZ_RULES_FILE"))
	if err != nil {
		logger.Fatal().Err(err).Msg("load rules")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           httpapi.New(rules, logger).Router(),
		ReadHeaderTimeout: 3 * time.Second,
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()

	log.Logger = logger
	logger.Info().Str("addr", srv.Addr).Int("rules", rules.Len()).Msg("serving")
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Fatal().Err(err).Msg("serve")
	}
}
