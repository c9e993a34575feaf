package score.checks.observability.alerts_dashboards_test

import data.score.checks.observability.alerts_dashboards

kubernetes(resources) := {"workloads": [], "resources": resources, "charts": [], "kustomizations": []}

test_pass_with_monitoring_facts if {
	vs := alerts_dashboards.violation with input.monitoring as [{"kind": "prometheus-rule", "path": "deploy/alerts.yaml", "line": 1}]
		with input.kubernetes as kubernetes([])
	count(vs) == 0
}

test_pass_with_service_monitor_resource if {
	res := [{"path": "chart/templates/sm.yaml", "line": 1, "api_version": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "name": "api", "source": "helm"}]
	vs := alerts_dashboards.violation with input.monitoring as [] with input.kubernetes as kubernetes(res)
	count(vs) == 0
}

test_fail_without_monitoring if {
	res := [{"path": "deploy/svc.yaml", "line": 1, "api_version": "v1", "kind": "Service", "name": "api", "source": "manifest"}]
	vs := alerts_dashboards.violation with input.monitoring as [] with input.kubernetes as kubernetes(res)
	vs == {{"msg": "no alerts, dashboards or SLOs are kept as code (PrometheusRule, ServiceMonitor/PodMonitor, Prometheus rule files, Grafana dashboards, SLO specs)"}}
}

test_never_skips if {
	not alerts_dashboards.applicable
}
