# METADATA
# title: Alerts and dashboards live as code
# description: >-
#   Monitoring is kept in the repository - PrometheusRule, ServiceMonitor or
#   PodMonitor objects, Prometheus alerting rule files, Grafana dashboards,
#   SLO specifications (OpenSLO, Sloth, Pyrra, ...) or Datadog monitors - so
#   that it is reviewed and versioned with the service it watches.
# custom:
#   id: observability.alerts-dashboards
#   category: observability
#   level: gold
#   weight: 1
#   remediation: Commit the service's alerts and dashboards, for example a `PrometheusRule` and a `ServiceMonitor` next to the Kubernetes manifests, a Grafana dashboard JSON, or an OpenSLO or Sloth SLO file.
package score.checks.observability.alerts_dashboards

monitoring_kinds := {"PrometheusRule", "ServiceMonitor", "PodMonitor", "Probe", "GrafanaDashboard", "PrometheusServiceLevel", "ServiceLevelObjective", "SLO"}

as_code if count(input.monitoring) > 0

as_code if {
	some r in input.kubernetes.resources
	r.kind in monitoring_kinds
}

violation contains {"msg": "no alerts, dashboards or SLOs are kept as code (PrometheusRule, ServiceMonitor/PodMonitor, Prometheus rule files, Grafana dashboards, SLO specs)"} if {
	not as_code
}
