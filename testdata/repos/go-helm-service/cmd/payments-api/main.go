// Command payments-api serves the payments HTTP API.
package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"gitlab.example.com/payments/payments-api/internal/ledger"
	"gitlab.example.com/payments/payments-api/internal/server"
	"gitlab.example.com/payments/payments-api/internal/telemetry"
)

func main() {
	logger, err := zap.NewProduction()
	if err != nil {
		panic(err)
	}
	defer logger.Sync() //nolint:errcheck

	if err := run(logger); err != nil {
		logger.Fatal("payments-api stopped", zap.Error(err))
	}
}

func run(logger *zap.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	shutdownTracing, err := telemetry.SetupTracing(ctx, "payments-api")
	if err != nil {
		return err
	}
	defer shutdownTracing(context.Background()) //nolint:errcheck

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	store := ledger.NewMemoryStore()
	api := server.New(store, logger, reg)

	metrics := &http.Server{
		Addr:              ":9090",
		Handler:           promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           api.Routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	errs := make(chan error, 2)
	go func() { errs <- metrics.ListenAndServe() }()
	go func() { errs <- srv.ListenAndServe() }()
	logger.Info("listening", zap.String("addr", srv.Addr), zap.String("metrics_addr", metrics.Addr))

	select {
	case err := <-errs:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	api.SetReady(false)
	_ = metrics.Shutdown(shutdownCtx)
	return srv.Shutdown(shutdownCtx)
}
