package kubernetes

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// k8sRun runs the Kubernetes collector over files.
func k8sRun(t testing.TB, files map[string]string) (facts.KubernetesFacts, []facts.Warning) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	tr, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatal(err)
	}
	f := facts.NewFacts(facts.RepoInfo{Name: "test"})
	if err := (Collector{}).Collect(context.Background(), tr, f); err != nil {
		t.Fatal(err)
	}
	return f.Kubernetes, tr.Warnings()
}

func ktBool(b bool) *bool  { return &b }
func ktInt(i int64) *int64 { return &i }
func ktProbes(c facts.Container) facts.Container {
	c.ReadinessProbe, c.LivenessProbe = true, true
	return c
}

const ktDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      initContainers:
        - name: migrate
          image: migrate:1
      containers:
        - name: api
          image: registry.example/api:1.4.2
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          livenessProbe:
            httpGet: {path: /live, port: 8080}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
        - name: proxy
          image: envoy:1.29
          startupProbe: null
          securityContext:
            runAsUser: 0
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports: [{port: 80}]
`

func TestKubernetesManifests(t *testing.T) {
	t.Parallel()
	kf, warnings := k8sRun(t, map[string]string{"deploy/app.yaml": ktDeployment})
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	want := []facts.Workload{{
		Path: "deploy/app.yaml", Line: 1, Kind: "Deployment", Name: "api", Source: "manifest",
		RunAsNonRoot: ktBool(true), RunAsUser: ktInt(10001),
		Containers: []facts.Container{
			{Name: "api", Image: "registry.example/api:1.4.2", Line: 15, ReadinessProbe: true, LivenessProbe: true,
				AllowPrivilegeEscalation: ktBool(false), ReadOnlyRootFilesystem: ktBool(true)},
			{Name: "proxy", Image: "envoy:1.29", Line: 24, RunAsUser: ktInt(0)},
		},
	}}
	if !reflect.DeepEqual(kf.Workloads, want) {
		t.Errorf("workloads:\ngot  %s\nwant %s", collecttest.DtJSON(kf.Workloads), collecttest.DtJSON(want))
	}
	wantRes := []facts.Resource{{Path: "deploy/app.yaml", Line: 30, APIVersion: "v1", Kind: "Service", Name: "api", Source: "manifest"}}
	if !reflect.DeepEqual(kf.Resources, wantRes) {
		t.Errorf("resources:\ngot  %s\nwant %s", collecttest.DtJSON(kf.Resources), collecttest.DtJSON(wantRes))
	}
}

func TestKubernetesWorkloadKinds(t *testing.T) {
	t.Parallel()
	container := "      containers:\n      - name: c\n        image: i:1\n"
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: i:1\n"
	template := func(apiVersion, kind string) string {
		return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n" + container
	}
	tests := []struct {
		name, doc string
		kind      string // "" when the object is a resource
		line      int    // of the container
	}{
		{"StatefulSet", template("apps/v1", "StatefulSet"), "StatefulSet", 9},
		{"DaemonSet", template("apps/v1", "DaemonSet"), "DaemonSet", 9},
		{"ReplicaSet", template("apps/v1", "ReplicaSet"), "ReplicaSet", 9},
		{"Job", template("batch/v1", "Job"), "Job", 9},
		{"Pod", pod, "Pod", 7},
		{"Argo Rollout", template("argoproj.io/v1alpha1", "Rollout"), "Rollout", 9},
		{"Knative Service", template("serving.knative.dev/v1", "Service"), "Service", 9},
		{"OpenShift DeploymentConfig", template("apps.openshift.io/v1", "DeploymentConfig"), "DeploymentConfig", 9},
		{"CronJob", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: i:1\n", "CronJob", 12},
		{"core Service", template("v1", "Service"), "", 0},
		{"Rollout of another group", template("example.com/v1", "Rollout"), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kf, warnings := k8sRun(t, map[string]string{"k8s/obj.yaml": tt.doc})
			if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
			if tt.kind == "" {
				if len(kf.Workloads) != 0 || len(kf.Resources) != 1 {
					t.Errorf("want one resource, got %s %s", collecttest.DtJSON(kf.Workloads), collecttest.DtJSON(kf.Resources))
				}
				return
			}
			if len(kf.Workloads) != 1 || len(kf.Resources) != 0 {
				t.Fatalf("want one workload, got %s %s", collecttest.DtJSON(kf.Workloads), collecttest.DtJSON(kf.Resources))
			}
			w := kf.Workloads[0]
			if w.Kind != tt.kind || w.Line != 1 || len(w.Containers) != 1 || w.Containers[0].Line != tt.line || w.Containers[0].Image != "i:1" {
				t.Errorf("got %s", collecttest.DtJSON(w))
			}
		})
	}
}

func TestKubernetesHelmChart(t *testing.T) {
	t.Parallel()
	kf, warnings := k8sRun(t, map[string]string{
		"charts/api/Chart.yaml":  "apiVersion: v2\nname: api\nversion: 0.1.0\n",
		"charts/api/values.yaml": "apiVersion: not-an-object\nkind: Deployment\nreadinessProbe:\n  httpGet: {path: /}\n",
		"charts/api/templates/_helpers.tpl": collecttest.DtLines(
			`{{- define "api.fullname" -}}`,
			`apiVersion: v1`,
			`kind: ConfigMap`,
			`{{- end }}`,
		),
		"charts/api/templates/NOTES.txt":                  "kind: Deployment\napiVersion: v1\n",
		"charts/api/templates/tests/test-connection.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n  - name: wget\n    image: busybox\n",
		"charts/api/templates/deployment.yaml": collecttest.DtLines(
			`apiVersion: apps/v1`,
			`kind: Deployment`,
			`metadata:`,
			`  name: {{ include "api.fullname" . }}`,
			`  labels:`, // 5
			`    {{- include "api.labels" . | nindent 4 }}`,
			`spec:`,
			`  {{- if not .Values.autoscaling.enabled }}`,
			`  replicas: {{ .Values.replicaCount }}`,
			`  {{- end }}`, // 10
			`  template:`,
			`    spec:`,
			`      {{- with .Values.podSecurityContext }}`,
			`      securityContext:`,
			`        {{- toYaml . | nindent 8 }}`, // 15
			`      {{- end }}`,
			`      containers:`,
			`        - name: {{ .Chart.Name }}`,
			`          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"`,
			`          securityContext:`, // 20
			`            runAsNonRoot: {{ .Values.runAsNonRoot }}`,
			`            readOnlyRootFilesystem: true`,
			`          livenessProbe:`,
			`            httpGet:`,
			`              path: /healthz`, // 25
			`              port: http`,
			`          readinessProbe:`,
			`            {{- toYaml .Values.readinessProbe | nindent 12 }}`,
			`          {{- with .Values.startupProbe }}`,
			`          startupProbe: {{- toYaml . | nindent 12 }}`, // 30
			`          {{- end }}`,
			`        {{- with .Values.sidecars }}`,
			`        {{- toYaml . | nindent 8 }}`,
			`        {{- end }}`,
			`---`, // 35
			`apiVersion: v1`,
			`kind: Service`,
			`metadata:`,
			`  name: {{ include "api.fullname" . }}-svc`,
		),
	})
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	want := []facts.Workload{{
		Path: "charts/api/templates/deployment.yaml", Line: 1, Kind: "Deployment", Name: `{{ include "api.fullname" . }}`, Source: "helm",
		Containers: []facts.Container{{
			Name: "{{ .Chart.Name }}", Image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}", Line: 18,
			ReadinessProbe: true, LivenessProbe: true, StartupProbe: true, ReadOnlyRootFilesystem: ktBool(true),
		}},
	}}
	if !reflect.DeepEqual(kf.Workloads, want) {
		t.Errorf("workloads:\ngot  %s\nwant %s", collecttest.DtJSON(kf.Workloads), collecttest.DtJSON(want))
	}
	wantRes := []facts.Resource{{Path: "charts/api/templates/deployment.yaml", Line: 36, APIVersion: "v1", Kind: "Service", Name: `{{ include "api.fullname" . }}-svc`, Source: "helm"}}
	if !reflect.DeepEqual(kf.Resources, wantRes) {
		t.Errorf("resources:\ngot  %s\nwant %s", collecttest.DtJSON(kf.Resources), collecttest.DtJSON(wantRes))
	}
	if want := []facts.Pos{{Path: "charts/api/Chart.yaml", Line: 1}}; !reflect.DeepEqual(kf.Charts, want) {
		t.Errorf("charts = %v, want %v", kf.Charts, want)
	}
}

func TestKubernetesKustomizeOverlay(t *testing.T) {
	t.Parallel()
	base := collecttest.DtLines(
		`apiVersion: apps/v1`,
		`kind: Deployment`,
		`metadata:`,
		`  name: api`,
		`spec:`, // 5
		`  template:`,
		`    spec:`,
		`      containers:`,
		`      - name: api`,
		`        image: api:1.0`, // 10
		`      - name: sidecar`,
		`        image: proxy:2`,
	)
	kf, warnings := k8sRun(t, map[string]string{
		"deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n- service.yaml\n",
		"deploy/base/deployment.yaml":    base,
		"deploy/base/service.yaml":       "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n",
		"deploy/overlays/prod/kustomization.yaml": collecttest.DtLines(
			`resources:`,
			`- ../../base`,
			`- https://github.com/example/shared//monitoring?ref=v1`,
			`patchesStrategicMerge:`,
			`- probes.yaml`,
			`patches:`,
			`- path: security.yaml`,
			`- target: {kind: Deployment, name: api}`,
			`  patch: |-`,
			`    - op: add`,
			`      path: /spec/template/spec/containers/1/livenessProbe`,
			`      value: {tcpSocket: {port: 15000}}`,
			`- patch: |-`,
			`    apiVersion: apps/v1`,
			`    kind: Deployment`,
			`    metadata:`,
			`      name: worker`,
			`    spec:`,
			`      template:`,
			`        spec:`,
			`          containers:`,
			`          - name: worker`,
			`            image: worker:3`,
		),
		"deploy/overlays/prod/probes.yaml": collecttest.DtLines(
			`apiVersion: apps/v1`,
			`kind: Deployment`,
			`metadata:`,
			`  name: api`,
			`spec:`,
			`  template:`,
			`    spec:`,
			`      containers:`,
			`      - name: api`,
			`        readinessProbe:`,
			`          httpGet: {path: /ready, port: 8080}`,
			`        livenessProbe:`,
			`          httpGet: {path: /live, port: 8080}`,
		),
		"deploy/overlays/prod/security.yaml":     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n",
		"deploy/overlays/dev/kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: unmatched.yaml\n",
		"deploy/overlays/dev/unmatched.yaml":     "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n      - name: db\n        readinessProbe: {exec: {command: [true]}}\n",
	})
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	want := []facts.Workload{
		{
			Path: "deploy/base/deployment.yaml", Line: 1, Kind: "Deployment", Name: "api", Source: "kustomize", RunAsNonRoot: ktBool(true),
			Containers: []facts.Container{
				ktProbes(facts.Container{Name: "api", Image: "api:1.0", Line: 9}),
				{Name: "sidecar", Image: "proxy:2", Line: 11, LivenessProbe: true},
			},
		},
		{
			Path: "deploy/overlays/prod/kustomization.yaml", Line: 14, Kind: "Deployment", Name: "worker", Source: "kustomize",
			Containers: []facts.Container{{Name: "worker", Image: "worker:3", Line: 22}},
		},
	}
	if !reflect.DeepEqual(kf.Workloads, want) {
		t.Errorf("workloads:\ngot  %s\nwant %s", collecttest.DtJSON(kf.Workloads), collecttest.DtJSON(want))
	}
	if len(kf.Resources) != 1 || kf.Resources[0].Source != "kustomize" || kf.Resources[0].Kind != "Service" {
		t.Errorf("resources = %s", collecttest.DtJSON(kf.Resources))
	}
	wantK := []facts.Pos{{Path: "deploy/base/kustomization.yaml", Line: 1}, {Path: "deploy/overlays/dev/kustomization.yaml", Line: 1}, {Path: "deploy/overlays/prod/kustomization.yaml", Line: 1}}
	if !reflect.DeepEqual(kf.Kustomizations, wantK) {
		t.Errorf("kustomizations = %v, want %v", kf.Kustomizations, wantK)
	}
}

func TestKubernetesMalformed(t *testing.T) {
	t.Parallel()
	kf, warnings := k8sRun(t, map[string]string{
		"k8s/all.yaml": collecttest.DtLines(
			`apiVersion: v1`,
			`kind: ConfigMap`,
			`metadata:`,
			`  name: first`,
			`---`, // 5
			`apiVersion: apps/v1`,
			`kind: Deployment`,
			`metadata:`,
			`  name: broken`,
			`  namespace: a: b`, // 10
			`---`,
			`apiVersion: v1`,
			`kind: Secret`,
			`metadata:`,
			`  name: last`,
		),
		"chart/Chart.yaml":          "apiVersion: v2\nname: c\n",
		"chart/templates/bad.yaml":  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [\n",
		"k8s/not-kubernetes.yaml":   "name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
		"catalog-info.yaml":         "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\n",
		"kubeconfig.yaml":           "apiVersion: v1\nkind: Config\nclusters: []\n",
		"testdata/deployment.yaml":  ktDeployment,
		"examples/deployment.yaml":  ktDeployment,
		"k8s/list.yaml":             "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: in-list}\n",
		"k8s/anchors.yaml":          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: anchored}\nspec:\n  template:\n    spec:\n      containers:\n      - &base\n        name: a\n        image: a:1\n        readinessProbe: {exec: {command: [true]}}\n      - <<: *base\n        name: b\n",
		"deploy/envsubst.yaml":      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .name }}\n",
		"deploy/huge-binary.yaml":   "apiVersion: v1\nkind: ConfigMap\x00\n",
		"deploy/empty-kind.yaml":    "apiVersion: v1\nkind:\n",
		"deploy/kustomization.yaml": "resources: [\n",
	})
	wantWarn := map[string]int{"k8s/all.yaml": 10, "chart/templates/bad.yaml": 6, "deploy/huge-binary.yaml": 0, "deploy/kustomization.yaml": 1}
	if len(warnings) != len(wantWarn) {
		t.Errorf("warnings = %v", warnings)
	}
	for _, w := range warnings {
		if line, ok := wantWarn[w.Path]; !ok || (line != w.Line && w.Path != "chart/templates/bad.yaml") {
			t.Errorf("unexpected warning %v", w)
		}
	}
	var names []string
	for _, r := range kf.Resources {
		names = append(names, r.Name)
	}
	if want := []string{"{{ .name }}", "first", "last", "in-list"}; !reflect.DeepEqual(names, want) {
		t.Errorf("resources = %v, want %v", names, want)
	}
	if len(kf.Workloads) != 1 || len(kf.Workloads[0].Containers) != 2 {
		t.Fatalf("workloads = %s", collecttest.DtJSON(kf.Workloads))
	}
	for _, c := range kf.Workloads[0].Containers {
		if c.Image != "a:1" || !c.ReadinessProbe {
			t.Errorf("merge key not followed: %s", collecttest.DtJSON(c))
		}
	}
}

// TestKubernetesSampleRepo reads a repository shaped like real ones: the
// chart `helm create` writes, a kustomize base with a production overlay
// that adds probes, and plain manifests.
func TestKubernetesSampleRepo(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanFS(t, os.DirFS("testdata/kubernetes/repo"), Collector{})
	if len(f.Warnings) > 0 {
		t.Errorf("warnings: %v", f.Warnings)
	}
	var got []string
	for _, w := range f.Kubernetes.Workloads {
		s := fmt.Sprintf("%s:%d %s %s %s non-root=%v", w.Path, w.Line, w.Source, w.Kind, w.Name, w.RunAsNonRoot != nil && *w.RunAsNonRoot)
		for _, c := range w.Containers {
			s += fmt.Sprintf(" [%s@%d %s ready=%v live=%v]", c.Name, c.Line, c.Image, c.ReadinessProbe, c.LivenessProbe)
		}
		got = append(got, s)
	}
	for _, r := range f.Kubernetes.Resources {
		got = append(got, fmt.Sprintf("%s:%d %s %s %s %s", r.Path, r.Line, r.Source, r.APIVersion, r.Kind, r.Name))
	}
	want := []string{
		`charts/web/templates/deployment.yaml:1 helm Deployment {{ include "web.fullname" . }} non-root=false [{{ .Chart.Name }}@34 {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }} ready=true live=true]`,
		`deploy/base/deployment.yaml:1 kustomize Deployment orders non-root=true [orders@20 registry.example.com/orders:1.8.0 ready=true live=true]`,
		`k8s/cronjob.yaml:2 manifest CronJob report non-root=false [report@14 registry.example.com/report:2.0.1 ready=false live=false]`,
		`k8s/worker.yaml:1 manifest StatefulSet worker non-root=false [worker@10 registry.example.com/worker:3.1.0 ready=true live=true]`,
		`charts/web/templates/configmap.yaml:1 helm v1 ConfigMap {{ include "web.fullname" . }}-config`,
		`charts/web/templates/hpa.yaml:2 helm autoscaling/v2 HorizontalPodAutoscaler {{ include "web.fullname" . }}`,
		`charts/web/templates/ingress.yaml:2 helm networking.k8s.io/v1 Ingress {{ include "web.fullname" . }}`,
		`charts/web/templates/service.yaml:1 helm v1 Service {{ include "web.fullname" . }}`,
		`deploy/base/service.yaml:1 kustomize v1 Service orders`,
		`deploy/overlays/prod/servicemonitor.yaml:1 kustomize monitoring.coreos.com/v1 ServiceMonitor orders`,
		`k8s/worker.yaml:19 manifest policy/v1 PodDisruptionBudget worker`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(f.Kubernetes.Charts) != 1 || len(f.Kubernetes.Kustomizations) != 2 {
		t.Errorf("charts %v, kustomizations %v", f.Kubernetes.Charts, f.Kubernetes.Kustomizations)
	}
}
