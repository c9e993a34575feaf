package monitoring

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Collector finds monitoring kept as code: Prometheus Operator
// objects, Prometheus alert rule files, Grafana dashboards, SLO specs and
// Terraform-managed monitors. YAML is scanned line by line rather than
// parsed, so that Helm templates ({{ ... }}) and partial documents count.
type Collector struct{}

func (Collector) Name() string { return "monitoring" }

func (Collector) Collect(_ context.Context, t *snapshot.Tree, f *facts.Facts) error {
	for _, p := range t.Files {
		if snapshot.IsFixturePath(p) {
			continue
		}
		lower := strings.ToLower(p)
		var scan func(t *snapshot.Tree, p string, data []byte) []facts.MonitoringAsCode
		switch path.Ext(lower) {
		case ".yaml", ".yml":
			scan = scanMonitoringYAML
		case ".json":
			scan = scanDashboardJSON
		case ".tf":
			scan = scanMonitoringTerraform
		case ".jsonnet", ".libsonnet":
			scan = scanMonitoringJsonnet
		default:
			continue
		}
		// Large and binary files are reported by the collectors that own
		// them; a monitoring definition is never one.
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		f.Monitoring = append(f.Monitoring, scan(t, p, data)...)
	}
	return nil
}

// monitoringKinds maps a Kubernetes kind to a monitoring kind. SLO kinds
// also need a matching apiVersion (see sloAPIs).
var monitoringKinds = map[string]string{
	"PrometheusRule": "prometheus-rule", "VMRule": "prometheus-rule",
	"ServiceMonitor": "service-monitor", "VMServiceScrape": "service-monitor",
	"PodMonitor": "pod-monitor", "VMPodScrape": "pod-monitor",
	"GrafanaDashboard": "grafana-dashboard",
	// Sloth's CRD, and Pyrra's and Google's SLO generator's objects.
	"PrometheusServiceLevel": "slo", "ServiceLevelObjective": "slo",
}

// sloAPIs are apiVersion prefixes of SLO formats whose kind is plain "SLO".
var sloAPIs = []string{"openslo/", "n9/"}

// monDoc is what a line scan learns about one YAML document.
type monDoc struct {
	start               int // first content line
	kind, apiVersion    string
	version             string // Sloth's top-level version:
	slos, groups        int    // lines of slos: (top level) and groups: (any level)
	hasAlert, hasPanels bool
	dashboardLabel      bool
}

var (
	monTopKey  = lazyre.New(`^([A-Za-z][A-Za-z0-9_-]*):(?:\s+(.*))?$`)
	monAlert   = lazyre.New(`^\s*(?:-\s+)?alert:\s*\S`)
	monGroups  = lazyre.New(`^\s*(?:-\s+)?groups:\s*(?:#.*)?$`)
	monDocSep  = lazyre.New(`^(?:---|\.\.\.)(?:\s|$)`)
	monMarkers = [][]byte{[]byte("kind:"), []byte("groups:"), []byte("slos:")}
)

// scanMonitoringYAML finds monitoring objects in a YAML file (plain, Helm
// template or kustomize), one document at a time.
func scanMonitoringYAML(_ *snapshot.Tree, p string, data []byte) []facts.MonitoringAsCode {
	hit := false
	for _, m := range monMarkers {
		if bytes.Contains(data, m) {
			hit = true
			break
		}
	}
	if !hit {
		return nil
	}
	var out []facts.MonitoringAsCode
	var d monDoc
	flush := func() {
		if kind := d.monitoringKind(); kind != "" {
			line := d.start
			if kind == "alert-rules" { // also rules embedded in a ConfigMap
				line = d.groups
			}
			out = append(out, facts.MonitoringAsCode{Kind: kind, Path: p, Line: line})
		}
		d = monDoc{}
	}
	textutil.TxtLines(data, func(n int, line []byte) bool {
		if monDocSep.Match(line) {
			flush()
			return true
		}
		s := string(line)
		trimmed := strings.TrimSpace(s)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "{{") {
			return true
		}
		if d.start == 0 {
			d.start = n
		}
		if strings.Contains(s, `"panels"`) {
			d.hasPanels = true
		}
		if strings.Contains(s, "grafana_dashboard") || strings.Contains(s, "grafana-dashboard") {
			d.dashboardLabel = true
		}
		if d.groups == 0 && monGroups.MatchString(s) {
			d.groups = n
		}
		if d.groups > 0 && !d.hasAlert && monAlert.MatchString(s) {
			d.hasAlert = true
		}
		m := monTopKey.FindStringSubmatch(s)
		if m == nil {
			return true
		}
		val := monScalar(m[2])
		switch m[1] {
		case "kind":
			if d.kind == "" && !strings.Contains(val, "{{") {
				d.kind = val
			}
		case "apiVersion":
			if d.apiVersion == "" {
				d.apiVersion = val
			}
		case "version":
			d.version = val
		case "slos":
			d.slos = n
		}
		return true
	})
	flush()
	return out
}

// monitoringKind decides what a scanned document is, or "".
func (d *monDoc) monitoringKind() string {
	if k, ok := monitoringKinds[d.kind]; ok {
		return k
	}
	if d.kind == "SLO" {
		for _, api := range sloAPIs {
			if strings.HasPrefix(d.apiVersion, api) {
				return "slo"
			}
		}
	}
	switch {
	case d.slos > 0 && (strings.HasPrefix(d.version, "prometheus/") || strings.Contains(d.apiVersion, "sloth")):
		return "slo" // Sloth's plain spec
	case d.kind == "ConfigMap" && d.hasPanels && d.dashboardLabel:
		return "grafana-dashboard" // the Grafana sidecar's dashboard ConfigMap
	case d.groups > 0 && d.hasAlert:
		// A rules file, or rules embedded in a ConfigMap or Helm values.
		return "alert-rules"
	}
	return ""
}

// monScalar cleans a plain one-line YAML value: quotes and a trailing
// comment removed.
func monScalar(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return strings.Trim(v, `"'`)
}

// scanDashboardJSON recognises a Grafana dashboard: a JSON object with
// panels (or rows) and a title or schemaVersion, possibly wrapped as
// {"dashboard": {...}} (the HTTP API's form).
func scanDashboardJSON(t *snapshot.Tree, p string, data []byte) []facts.MonitoringAsCode {
	if !bytes.Contains(data, []byte(`"panels"`)) && !bytes.Contains(data, []byte(`"rows"`)) {
		return nil
	}
	keys, err := textutil.JsonTopLevel(data)
	if err != nil {
		t.Warn(p, err.Line, fmt.Sprintf("malformed JSON: %v", err.Err))
		return nil
	}
	if monIsDashboard(keys) {
		return []facts.MonitoringAsCode{{Kind: "grafana-dashboard", Path: p, Line: 1}}
	}
	for _, k := range keys {
		if k.Name == "dashboard" {
			if inner, err := textutil.JsonTopLevel(k.Raw); err == nil && monIsDashboard(inner) {
				return []facts.MonitoringAsCode{{Kind: "grafana-dashboard", Path: p, Line: k.Line}}
			}
		}
	}
	return nil
}

func monIsDashboard(keys []textutil.JsonKey) bool {
	var panels, titled bool
	for _, k := range keys {
		switch k.Name {
		case "panels", "rows":
			panels = panels || bytes.HasPrefix(bytes.TrimSpace(k.Raw), []byte("["))
		case "title", "schemaVersion":
			titled = true
		}
	}
	return panels && titled
}

var tfMonitoringResource = lazyre.New(`^\s*resource\s+"(datadog_monitor|datadog_monitor_json|datadog_service_level_objective|grafana_dashboard|grafana_rule_group)"\s+"`)

// tfMonitoringKinds maps a Terraform resource type to a monitoring kind.
var tfMonitoringKinds = map[string]string{
	"datadog_monitor": "datadog-monitor", "datadog_monitor_json": "datadog-monitor",
	"datadog_service_level_objective": "slo",
	"grafana_dashboard":               "grafana-dashboard", "grafana_rule_group": "alert-rules",
}

// scanMonitoringTerraform finds monitoring resources in a Terraform file.
func scanMonitoringTerraform(_ *snapshot.Tree, p string, data []byte) []facts.MonitoringAsCode {
	if !bytes.Contains(data, []byte(`"datadog_`)) && !bytes.Contains(data, []byte(`"grafana_`)) {
		return nil
	}
	var out []facts.MonitoringAsCode
	textutil.TxtLines(data, func(n int, line []byte) bool {
		if m := tfMonitoringResource.FindSubmatch(line); m != nil {
			out = append(out, facts.MonitoringAsCode{Kind: tfMonitoringKinds[string(m[1])], Path: p, Line: n})
		}
		return true
	})
	return out
}

// scanMonitoringJsonnet recognises Grafana dashboards written with
// grafonnet or kept under a dashboards/ folder, and monitoring mixins'
// alerts (prometheusAlerts). Best effort: Jsonnet is not evaluated.
func scanMonitoringJsonnet(_ *snapshot.Tree, p string, data []byte) []facts.MonitoringAsCode {
	var out []facts.MonitoringAsCode
	lower := strings.ToLower(p)
	dashboardLine := 0
	if strings.Contains(lower, "dashboard") {
		dashboardLine = 1
	}
	for _, mark := range []string{"grafonnet", "grafanaDashboards", "grafana.libsonnet"} {
		if i := bytes.Index(data, []byte(mark)); i >= 0 {
			dashboardLine = textutil.TxtLineAt(data, i)
			break
		}
	}
	if dashboardLine > 0 {
		out = append(out, facts.MonitoringAsCode{Kind: "grafana-dashboard", Path: p, Line: dashboardLine})
	}
	if i := bytes.Index(data, []byte("prometheusAlerts")); i >= 0 {
		out = append(out, facts.MonitoringAsCode{Kind: "alert-rules", Path: p, Line: textutil.TxtLineAt(data, i)})
	}
	return out
}
