module github.com/example/payments

go 1.23.0

toolchain go1.23.4

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/prometheus/client_golang v1.20.5
	go.opentelemetry.io/otel v1.32.0
	go.opentelemetry.io/otel/sdk v1.32.0
)

require (
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	golang.org/x/sys v0.27.0 // indirect
)

replace github.com/example/shared => ../shared

exclude github.com/bad/module v1.0.0

retract v0.9.0 // published by mistake

tool github.com/golangci/golangci-lint/cmd/golangci-lint
