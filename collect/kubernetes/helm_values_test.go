package kubernetes

import (
	"fmt"
	"testing"
)

// ktHelmDeployment is a chart deployment shaped like `helm create` output
// and the charts built from it: pod and container securityContext pasted
// from values, probes from values.
const ktHelmDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
          readinessProbe:
            {{- toYaml .Values.readinessProbe | nindent 12 }}
`

type ktSecurity struct {
	podNonRoot, nonRoot *bool
	podUser, user       *int64
	podTpl, tpl         bool
}

func (s ktSecurity) String() string {
	show := func(v any) string {
		switch v := v.(type) {
		case *bool:
			if v != nil {
				return fmt.Sprint(*v)
			}
		case *int64:
			if v != nil {
				return fmt.Sprint(*v)
			}
		}
		return "unset"
	}
	return fmt.Sprintf("pod{nonRoot:%s user:%s templated:%v} container{nonRoot:%s user:%s templated:%v}",
		show(s.podNonRoot), show(s.podUser), s.podTpl, show(s.nonRoot), show(s.user), s.tpl)
}

func TestKubernetesHelmValues(t *testing.T) {
	t.Parallel()
	type want = ktSecurity
	tests := []struct {
		name     string
		template string
		values   string // "" for no values.yaml
		want     want
	}{
		{
			name:     "values set non-root on the pod",
			template: ktHelmDeployment,
			values:   "podSecurityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\nsecurityContext:\n  readOnlyRootFilesystem: true\n",
			want:     want{podNonRoot: ktBool(true), podUser: ktInt(10001)},
		},
		{
			name:     "helm create defaults: empty maps, commented hints",
			template: ktHelmDeployment,
			values:   "podSecurityContext: {}\n  # runAsUser: 1000\nsecurityContext: {}\n  # runAsNonRoot: true\n",
			want:     want{},
		},
		{
			name:     "values keys missing render nothing",
			template: ktHelmDeployment,
			values:   "replicaCount: 1\n",
			want:     want{},
		},
		{
			name:     "no values.yaml: cannot be judged",
			template: ktHelmDeployment,
			want:     want{podTpl: true, tpl: true},
		},
		{
			name: "scalars from values, with defaults",
			template: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsUser: {{ .Values.uid | default 1000 }}
      containers:
        - name: api
          image: api
          securityContext:
            runAsNonRoot: {{ $.Values.security.nonRoot }}
`,
			values: "security:\n  nonRoot: true\n",
			want:   want{podUser: ktInt(1000), nonRoot: ktBool(true)},
		},
		{
			name: "helpers handed one values map (Bitnami style)",
			template: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      {{- if .Values.podSecurityContext.enabled }}
      securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.podSecurityContext "context" $) | nindent 8 }}
      {{- end }}
      containers:
        - name: db
          image: db
          {{- if .Values.containerSecurityContext.enabled }}
          securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.containerSecurityContext "context" $) | nindent 12 }}
          {{- end }}
`,
			values: "podSecurityContext:\n  enabled: false\n  runAsUser: 0\ncontainerSecurityContext:\n  enabled: true\n  runAsUser: 1001\n  runAsNonRoot: true\n",
			want:   want{nonRoot: ktBool(true), user: ktInt(1001)},
		},
		{
			name: "a helper of its own cannot be resolved",
			template: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api
          securityContext:
            {{- include "api.securityContext" . | nindent 12 }}
`,
			values: "replicaCount: 1\n",
			want:   want{tpl: true},
		},
		{
			name: "inside a range the dot is not values",
			template: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api
          {{- range .Values.sidecars }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`,
			values: "sidecars: []\n",
			want:   want{tpl: true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{
				"chart/Chart.yaml":                "apiVersion: v2\nname: api\nversion: 0.1.0\n",
				"chart/templates/deployment.yaml": tc.template,
			}
			if tc.values != "" {
				files["chart/values.yaml"] = tc.values
			}
			kf, warns := k8sRun(t, files)
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			if len(kf.Workloads) != 1 || len(kf.Workloads[0].Containers) != 1 {
				t.Fatalf("workloads = %+v", kf.Workloads)
			}
			w, c := kf.Workloads[0], kf.Workloads[0].Containers[0]
			got := want{w.RunAsNonRoot, c.RunAsNonRoot, w.RunAsUser, c.RunAsUser, w.SecurityContextTemplated, c.SecurityContextTemplated}
			if got, want := got.String(), tc.want.String(); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
			if tc.template == ktHelmDeployment && (!c.ReadinessProbe || !c.LivenessProbe) {
				t.Errorf("probes lost: %+v", c)
			}
		})
	}
}
