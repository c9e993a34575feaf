package kubernetes

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/deps"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// k8sFuzzSeeds adds every file of the sample repository whose name ends in
// suffix as a seed.
func k8sFuzzSeeds(f *testing.F, suffix string) {
	root := "testdata/kubernetes/repo"
	_ = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			if data, err := os.ReadFile(root + "/" + p); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
}

// k8sFuzzCheck collects files and checks that every line reported lies
// within the file it names.
func k8sFuzzCheck(t *testing.T, files fstest.MapFS) {
	tr, err := snapshot.NewTree(files)
	if err != nil {
		t.Fatal(err)
	}
	f := facts.NewFacts(facts.RepoInfo{})
	if err := (Collector{}).Collect(context.Background(), tr, f); err != nil {
		t.Fatal(err)
	}
	within := func(what, p string, line int, zeroOK bool) {
		file, ok := files[p]
		if !ok {
			t.Errorf("%s names %s, not in the tree", what, p)
			return
		}
		n := deps.ClampTextLine(file.Data, len(file.Data)+1)
		if line > n || line < 0 || (line == 0 && !zeroOK) {
			t.Errorf("%s at %s:%d, file has %d lines", what, p, line, n)
		}
	}
	for _, w := range f.Kubernetes.Workloads {
		within("workload", w.Path, w.Line, false)
		for _, c := range w.Containers {
			within("container", w.Path, c.Line, false)
		}
	}
	for _, r := range f.Kubernetes.Resources {
		within("resource", r.Path, r.Line, false)
	}
	for _, w := range tr.Warnings() {
		within("warning", w.Path, w.Line, true)
	}
}

func FuzzKubernetes(f *testing.F) {
	k8sFuzzSeeds(f, ".yaml")
	f.Add([]byte(ktDeployment))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  spec: {template: {spec: {containers: [{name: a}]}}}\n"))
	f.Add([]byte("a: &x [*x]\napiVersion: v1\nkind: Pod\nspec: {containers: [*x, {<<: *x}]}\n"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\n---\n\t- :\n---\n...\n--- !!str\n"))
	f.Add([]byte("- op: add\n  path: /spec/template/spec/containers/0/readinessProbe\n  value: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The input is a manifest in a kustomize base and, split at the
		// first "#patch" line, a strategic-merge or JSON 6902 patch of it.
		manifest, patch, _ := bytes.Cut(data, []byte("\n#patch\n"))
		k8sFuzzCheck(t, fstest.MapFS{
			"k8s/app.yaml":                      {Data: manifest},
			"k8s/kustomization.yaml":            {Data: []byte("resources: [app.yaml]\n")},
			"overlay/kustomization.yaml":        {Data: []byte("resources: [../k8s]\npatches:\n- path: patch.yaml\n- path: patch.yaml\n  target: {kind: Deployment, name: api}\n")},
			"overlay/patch.yaml":                {Data: patch},
			"plain/manifest.yml":                {Data: manifest},
			"overlay/inline/kustomization.yaml": {Data: append([]byte("resources: [../../k8s]\npatches:\n- patch: |-\n    "), bytes.ReplaceAll(patch, []byte("\n"), []byte("\n    "))...)},
		})
	})
}

func FuzzHelmTemplate(f *testing.F) {
	k8sFuzzSeeds(f, ".yaml")
	k8sFuzzSeeds(f, ".tpl")
	f.Add([]byte("{{- define \"x\" }}\n{{ if }}\n{{- end }}\n{{- end }}\n{{ end }}\nkind: A\napiVersion: v1\n"))
	f.Add([]byte("a:\n  {{- x }}\n  {{- y }}\n- {{ z }}\n  b: |\n{{ w }}\n{{ \"}}\" }}\n{{/* */}}\n{{"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  {{- range .Values.c }}\n  - name: {{ .name }}\n    readinessProbe:\n      {{- toYaml .p | nindent 6 }}\n  {{- end }}\n"))
	f.Add([]byte("x: {{ `raw }} string` }}\ny: {{ include \"a\" (dict\n\"k\" 1) }} tail\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h := neutraliseHelm(data)
		if got, want := bytes.Count(h.text, []byte("\n")), bytes.Count(data, []byte("\n")); got != want {
			t.Fatalf("neutralised template has %d newlines, source %d", got, want)
		}
		k8sFuzzCheck(t, fstest.MapFS{
			"chart/Chart.yaml":          {Data: []byte("apiVersion: v2\nname: c\nversion: 0.1.0\n")},
			"chart/templates/file.yaml": {Data: data},
		})
	})
}
