package kubernetes

import (
	"strings"
	"testing"
)

func TestNeutraliseHelm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{
			name: "inline actions become placeholder scalars",
			in:   []string{`name: {{ .Release.Name }}-api`, `image: "{{ .Values.image }}:{{ .Values.tag }}"`},
			want: []string{`name: __helm_tpl_0__-api`, `image: "__helm_tpl_1__:__helm_tpl_2__"`},
		},
		{
			name: "control and comment lines become blank",
			in:   []string{`{{- if .Values.enabled }}`, `a: 1`, `{{- /* why */ -}}`, `{{- $x := 1 }}`, `{{- end }}`},
			want: []string{``, `a: 1`, ``, ``, ``},
		},
		{
			name: "an action alone under a key is the key's value",
			in:   []string{`spec:`, `  readinessProbe:  # templated`, `    {{- toYaml .Values.readinessProbe | nindent 4 }}`, `  x: 1`},
			want: []string{`spec:`, `  readinessProbe: __helm_tpl_0__`, ``, `  x: 1`},
		},
		{
			name: "an action among mapping entries is an entry",
			in:   []string{`labels:`, `  app: x`, `  {{- include "labels" . | nindent 2 }}`, `  tier: web`},
			want: []string{`labels:`, `  app: x`, `  __helm_tpl_0__: ~`, `  tier: web`},
		},
		{
			name: "an action before real block content takes its shape",
			in:   []string{`containers:`, `  {{- include "sidecars" . | nindent 2 }}`, `  - name: app`, `    image: app`},
			want: []string{`containers:`, `  - __helm_tpl_0__`, `  - name: app`, `    image: app`},
		},
		{
			name: "define bodies are dropped",
			in:   []string{`{{- define "x" }}`, `kind: Secret`, `name: {{ .y }}`, `{{- end }}`, `kind: ConfigMap`},
			want: []string{``, ``, ``, ``, `kind: ConfigMap`},
		},
		{
			name: "a multi-line action keeps the lines after it in place",
			in:   []string{`a:`, `  b: {{ include "x" (dict`, `     "k" 1) }}`, `  c: 2`},
			want: []string{`a:`, `  b: __helm_tpl_0__`, ``, `  c: 2`},
		},
		{
			name: "block scalar text",
			in:   []string{`data:`, `  app.conf: |`, `{{ .Files.Get "app.conf" | indent 4 }}`, `  other: x`},
			want: []string{`data:`, `  app.conf: |`, `    __helm_tpl_0__`, `  other: x`},
		},
		{
			name: "closing braces inside strings and comments",
			in:   []string{`a: {{ printf "}}" }}`, `b: {{/* }} */}}c`},
			want: []string{`a: __helm_tpl_0__`, `b: c`},
		},
		{
			name: "an unterminated action runs to the end of its line",
			in:   []string{`a: {{ .x`, `b: 2`},
			want: []string{`a: __helm_tpl_0__`, `b: 2`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := strings.Join(tt.in, "\n")
			h := neutraliseHelm([]byte(in))
			if got := strings.Split(string(h.text), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", h.text, strings.Join(tt.want, "\n"))
			}
			if _, errs := splitK8sDocs(h.text); len(errs) > 0 {
				t.Errorf("result does not parse: %v", errs)
			}
		})
	}
}

func TestHelmRestore(t *testing.T) {
	t.Parallel()
	h := neutraliseHelm([]byte(`image: "{{ .Values.repo }}:{{ .Values.tag | default "v1" }}"`))
	if got, want := h.restore("__helm_tpl_0__:__helm_tpl_1__"), `{{ .Values.repo }}:{{ .Values.tag | default "v1" }}`; got != want {
		t.Errorf("restore = %q, want %q", got, want)
	}
	if got := h.restore("__helm_tpl_7__ plain"); got != "__helm_tpl_7__ plain" {
		t.Errorf("unknown placeholder restored to %q", got)
	}
	var none *helmTemplate
	if got := none.restore("x"); got != "x" {
		t.Errorf("nil template restore = %q", got)
	}
}
