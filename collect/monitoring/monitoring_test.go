package monitoring

import (
	"context"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

func TestMonitoringCollector(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fs       fstest.MapFS
		want     []facts.MonitoringAsCode
		warnings string
	}{
		{
			name: "prometheus operator objects in plain manifests, multi-document",
			fs: fstest.MapFS{"deploy/monitoring.yaml": collecttest.TextFile(`# scrape and alert
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: worker}
---
apiVersion: v1
kind: Service
metadata: {name: api}
---
apiVersion: "monitoring.coreos.com/v1"
kind: "PrometheusRule"   # alerts
metadata: {name: api}
spec:
  groups: []
`)},
			want: []facts.MonitoringAsCode{
				{Kind: "pod-monitor", Path: "deploy/monitoring.yaml", Line: 2},
				{Kind: "prometheus-rule", Path: "deploy/monitoring.yaml", Line: 10},
			},
		},
		{
			name: "prometheus rule files; recording rules alone are not alerts",
			fs: fstest.MapFS{
				"prometheus/rules/api.rules.yml": collecttest.TextFile("groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up == 0\n"),
				"prometheus/recording.yml":       collecttest.TextFile("groups:\n  - name: rec\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n"),
				"k8s/prometheus-config.yaml": collecttest.TextFile(`apiVersion: v1
kind: ConfigMap
metadata: {name: prometheus-rules}
data:
  alerts.yml: |
    groups:
      - name: x
        rules:
          - alert: Hot
            expr: temp > 90
`),
			},
			want: []facts.MonitoringAsCode{
				{Kind: "alert-rules", Path: "k8s/prometheus-config.yaml", Line: 6},
				{Kind: "alert-rules", Path: "prometheus/rules/api.rules.yml", Line: 1},
			},
		},
		{
			name: "SLO specs",
			fs: fstest.MapFS{
				"slo/pyrra.yaml":     collecttest.TextFile("apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata: {name: api}\n"),
				"slo/sloth-crd.yaml": collecttest.TextFile("apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: api}\n"),
				"slo/nobl9.yaml":     collecttest.TextFile("apiVersion: n9/v1alpha\nkind: SLO\nmetadata: {name: api}\n"),
				"slo/google.yaml":    collecttest.TextFile("apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata: {name: api}\n"),
				"slo/other.yaml":     collecttest.TextFile("apiVersion: example.com/v1\nkind: SLO\n"),
			},
			want: []facts.MonitoringAsCode{
				{Kind: "slo", Path: "slo/google.yaml", Line: 1},
				{Kind: "slo", Path: "slo/nobl9.yaml", Line: 1},
				{Kind: "slo", Path: "slo/pyrra.yaml", Line: 1},
				{Kind: "slo", Path: "slo/sloth-crd.yaml", Line: 1},
			},
		},
		{
			name: "grafana dashboards: JSON, API wrapper, operator object, jsonnet",
			fs: fstest.MapFS{
				"dash/wrapped.json":              collecttest.TextFile("{\n  \"overwrite\": true,\n  \"dashboard\": {\"title\": \"x\", \"panels\": []}\n}\n"),
				"dash/notdash.json":              collecttest.TextFile(`{"panels": "not a list", "title": "x"}`),
				"package.json":                   collecttest.TextFile(`{"name": "panels"}`),
				"grafana/dash.yaml":              collecttest.TextFile("apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata: {name: api}\n"),
				"mixin/dashboards/api.libsonnet": collecttest.TextFile("local g = import 'g.libsonnet';\n{}\n"),
				"mixin/alerts.libsonnet":         collecttest.TextFile("{\n  prometheusAlerts+:: {\n    groups+: [],\n  },\n}\n"),
				"jsonnet/main.jsonnet":           collecttest.TextFile("local grafana = import 'grafonnet/grafana.libsonnet';\n"),
			},
			want: []facts.MonitoringAsCode{
				{Kind: "grafana-dashboard", Path: "dash/wrapped.json", Line: 3},
				{Kind: "grafana-dashboard", Path: "grafana/dash.yaml", Line: 1},
				{Kind: "grafana-dashboard", Path: "jsonnet/main.jsonnet", Line: 1},
				{Kind: "alert-rules", Path: "mixin/alerts.libsonnet", Line: 2},
				{Kind: "grafana-dashboard", Path: "mixin/dashboards/api.libsonnet", Line: 1},
			},
		},
		{
			name: "terraform monitors",
			fs: fstest.MapFS{"infra/monitors.tf": collecttest.TextFile(`resource "datadog_monitor" "api_errors" {
  name = "API errors"
}

resource "datadog_service_level_objective" "api" {}
resource "aws_s3_bucket" "b" {}
  resource "grafana_rule_group" "g" {}
`)},
			want: []facts.MonitoringAsCode{
				{Kind: "datadog-monitor", Path: "infra/monitors.tf", Line: 1},
				{Kind: "slo", Path: "infra/monitors.tf", Line: 5},
				{Kind: "alert-rules", Path: "infra/monitors.tf", Line: 7},
			},
		},
		{
			name: "fixtures never count; malformed dashboard JSON is reported",
			fs: fstest.MapFS{
				"testdata/rule.yaml":              collecttest.TextFile("kind: PrometheusRule\n"),
				"examples/dash.json":              collecttest.TextFile(`{"title": "x", "panels": []}`),
				"dashboards/broken.json":          collecttest.TextFile("{\n  \"title\": \"x\",\n  \"panels\": [\n    {\"id\": 1,}\n  ]\n}\n"),
				"dashboards/binary.json":          {Data: []byte("{\"panels\": [\x00]}")},
				"templates/kind-from-values.yaml": collecttest.TextFile("kind: {{ .Values.kind }}\n"),
			},
			want:     []facts.MonitoringAsCode{},
			warnings: "dashboards/broken.json:4: malformed JSON: invalid character '}' looking for beginning of object key string\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, Collector{}, tc.fs)
			if !reflect.DeepEqual(f.Monitoring, tc.want) {
				t.Errorf("monitoring =\n%+v\nwant\n%+v", f.Monitoring, tc.want)
			}
			if got := collecttest.WarningLines(warns); got != tc.warnings {
				t.Errorf("warnings =\n%swant\n%s", got, tc.warnings)
			}
		})
	}
}

// TestMonitoringFixtureRepo reads realistic files: a Helm chart template,
// a dashboard exported from Grafana, OpenSLO and Sloth specs.
func TestMonitoringFixtureRepo(t *testing.T) {
	t.Parallel()
	tree, err := snapshot.NewTree(os.DirFS("testdata/monitoring"))
	if err != nil {
		t.Fatal(err)
	}
	f := facts.NewFacts(facts.RepoInfo{})
	if err := (Collector{}).Collect(context.Background(), tree, f); err != nil {
		t.Fatal(err)
	}
	want := []facts.MonitoringAsCode{
		{Kind: "service-monitor", Path: "charts/api/templates/monitoring.yaml", Line: 2},
		{Kind: "prometheus-rule", Path: "charts/api/templates/monitoring.yaml", Line: 18},
		{Kind: "grafana-dashboard", Path: "charts/api/templates/monitoring.yaml", Line: 35},
		{Kind: "grafana-dashboard", Path: "dashboards/api.json", Line: 1},
		{Kind: "slo", Path: "slo/openslo.yaml", Line: 6},
		{Kind: "slo", Path: "slo/sloth.yml", Line: 1},
	}
	if !reflect.DeepEqual(f.Monitoring, want) {
		t.Errorf("monitoring =\n%+v\nwant\n%+v", f.Monitoring, want)
	}
	if w := tree.Warnings(); len(w) != 0 {
		t.Errorf("warnings: %s", collecttest.WarningLines(w))
	}
}
