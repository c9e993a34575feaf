// Package monitoring finds monitoring kept as code (alerts, dashboards, SLOs).
package monitoring
