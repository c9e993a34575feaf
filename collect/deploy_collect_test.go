package collect

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// collectAll runs every collector over files.
func collectAll(t testing.TB, files map[string]string) *facts.Facts {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	f, err := Collect(context.Background(), snapshot.Snapshot{Info: facts.RepoInfo{Name: "test"}, FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCIEnvironments(t *testing.T) {
	t.Parallel()
	f := collectAll(t, map[string]string{
		".gitlab-ci.yml": `stages: [deploy]
.deploy:
  environment:
    name: review/$CI_COMMIT_REF_SLUG
    url: https://$CI_COMMIT_REF_SLUG.example.com
    on_stop: stop_review
    auto_stop_in: 1 week
review:
  extends: .deploy
  stage: deploy
  script: [helm upgrade --install app chart]
stop_review:
  stage: deploy
  script: [helm uninstall app]
  environment: {name: review/$CI_COMMIT_REF_SLUG, action: stop}
production:
  stage: deploy
  script: [kubectl apply -k k8s]
  environment:
    name: production
    deployment_tier: production
build:
  script: [make]
`,
		".github/workflows/deploy.yml": `on: push
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps: [{run: ./deploy.sh}]
  prod:
    runs-on: ubuntu-latest
    environment:
      name: production
      url: https://example.com
    steps: [{run: ./deploy.sh}]
`,
	})
	got := map[string]*facts.CIEnvironment{}
	for _, j := range f.CI.Jobs {
		got[j.Provider+":"+j.Name] = j.Environment
	}
	want := map[string]*facts.CIEnvironment{
		"gitlab:.deploy":     {Name: "review/$CI_COMMIT_REF_SLUG", URL: "https://$CI_COMMIT_REF_SLUG.example.com", OnStop: "stop_review", AutoStopIn: "1 week", Line: 4},
		"gitlab:review":      {Name: "review/$CI_COMMIT_REF_SLUG", URL: "https://$CI_COMMIT_REF_SLUG.example.com", OnStop: "stop_review", AutoStopIn: "1 week", Line: 4},
		"gitlab:stop_review": {Name: "review/$CI_COMMIT_REF_SLUG", Action: "stop", Line: 15},
		"gitlab:production":  {Name: "production", Tier: "production", Line: 20},
		"gitlab:build":       nil,
		"github:staging":     {Name: "staging", Line: 5},
		"github:prod":        {Name: "production", URL: "https://example.com", Line: 10},
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: job not collected", k)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: environment %+v, want %+v", k, g, w)
		}
	}
}

func TestDeployObjects(t *testing.T) {
	t.Parallel()
	f := collectAll(t, map[string]string{
		"argocd/app.yaml": `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: api}
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: previews}
spec:
  generators:
    - matrix:
        generators:
          - pullRequest: {gitlab: {project: "1"}}
          - list: {elements: []}
`,
		"flux/release.yaml": `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: api}
`,
		"k8s/base/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  strategy: {type: RollingUpdate}
  template:
    spec:
      containers:
        - name: api
          image: api:1
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
        - name: sidecar
          image: proxy:1
`,
		"k8s/base/kustomization.yaml": "resources: [deployment.yaml, hpa.yaml, pdb.yaml]\n",
		"k8s/base/hpa.yaml": `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 3
  maxReplicas: 10
`,
		"k8s/base/pdb.yaml": `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec: {minAvailable: 1}
`,
		"k8s/overlays/prod/kustomization.yaml": "resources: [../../base]\npatches: [{path: replicas.yaml}]\n",
		"k8s/overlays/prod/replicas.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 4
  template:
    spec:
      containers:
        - name: sidecar
          resources:
            requests: {cpu: 10m, memory: 16Mi}
`,
		"k8s/overlays/staging/kustomization.yaml": "resources: [../../base]\n",
		"chart/Chart.yaml":                        "apiVersion: v2\nname: api\nversion: 1.0.0\n",
		"chart/values.yaml":                       "replicaCount: 2\nresources:\n  requests: {cpu: 1, memory: 1Gi}\n  limits: {memory: 1Gi}\n",
		"chart/values-staging.yaml":               "replicaCount: 1\n",
		"chart/templates/rollout.yaml": `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  strategy:
    canary:
      steps: [{setWeight: 20}]
  template:
    spec:
      containers:
        - name: app
          image: app:1
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
        - name: other
          image: other:1
          resources: {{ include "chart.resources" . }}
`,
		"testdata/pdb.yaml": "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: fixture}\n",
	})
	d := f.Deploy
	wantGitOps := []facts.GitOpsObject{
		{Tool: "argocd", Kind: "Application", Name: "api", Path: "argocd/app.yaml", Line: 1},
		{Tool: "argocd", Kind: "ApplicationSet", Name: "previews", Path: "argocd/app.yaml", Line: 5, PullRequestGenerator: true},
		{Tool: "flux", Kind: "HelmRelease", Name: "api", Path: "flux/release.yaml", Line: 1},
	}
	if !reflect.DeepEqual(d.GitOps, wantGitOps) {
		t.Errorf("gitops %+v\nwant %+v", d.GitOps, wantGitOps)
	}
	three := int64(3)
	wantHPA := []facts.Autoscaler{{Kind: "HorizontalPodAutoscaler", Name: "api", Path: "k8s/base/hpa.yaml", Line: 1, TargetKind: "Deployment", TargetName: "api", MinReplicas: &three}}
	if !reflect.DeepEqual(d.Autoscalers, wantHPA) {
		t.Errorf("autoscalers %+v", d.Autoscalers)
	}
	if want := []facts.NamedObject{{Name: "api", Path: "k8s/base/pdb.yaml", Line: 1}}; !reflect.DeepEqual(d.DisruptionBudgets, want) {
		t.Errorf("disruption budgets %+v, want %+v", d.DisruptionBudgets, want)
	}
	wantOverlays := []facts.DeployOverlay{
		{Kind: "helm-values", Env: "staging", Path: "chart/values-staging.yaml"},
		{Kind: "kustomize", Env: "prod", Path: "k8s/overlays/prod/kustomization.yaml"},
		{Kind: "kustomize", Env: "staging", Path: "k8s/overlays/staging/kustomization.yaml"},
	}
	if !reflect.DeepEqual(d.Overlays, wantOverlays) {
		t.Errorf("overlays %+v\nwant %+v", d.Overlays, wantOverlays)
	}
	byName := map[string]facts.Workload{}
	for _, w := range f.Kubernetes.Workloads {
		byName[w.Kind] = w
	}
	dep := byName["Deployment"]
	if dep.Replicas == nil || *dep.Replicas != 4 || dep.Strategy != "RollingUpdate" {
		t.Errorf("deployment replicas %v strategy %q, want 4 (the prod patch) and RollingUpdate", dep.Replicas, dep.Strategy)
	}
	wantRes := []facts.ContainerResources{
		{Requests: facts.ResourceAmounts{CPU: "100m", Memory: "128Mi"}, Limits: facts.ResourceAmounts{Memory: "256Mi"}},
		{Requests: facts.ResourceAmounts{CPU: "10m", Memory: "16Mi"}},
	}
	for i, c := range dep.Containers {
		if !reflect.DeepEqual(c.Resources, wantRes[i]) {
			t.Errorf("deployment container %s resources %+v, want %+v", c.Name, c.Resources, wantRes[i])
		}
	}
	ro := byName["Rollout"]
	if ro.Replicas == nil || *ro.Replicas != 2 || ro.Strategy != "canary" {
		t.Errorf("rollout replicas %v strategy %q, want 2 from values.yaml and canary", ro.Replicas, ro.Strategy)
	}
	if len(ro.Containers) != 2 {
		t.Fatalf("rollout containers %+v", ro.Containers)
	}
	if want := (facts.ContainerResources{Requests: facts.ResourceAmounts{CPU: "1", Memory: "1Gi"}, Limits: facts.ResourceAmounts{Memory: "1Gi"}}); !reflect.DeepEqual(ro.Containers[0].Resources, want) {
		t.Errorf("rollout app resources %+v, want %+v (read from values.yaml)", ro.Containers[0].Resources, want)
	}
	if !ro.Containers[1].Resources.Templated {
		t.Errorf("rollout other resources %+v, want templated (a helper include)", ro.Containers[1].Resources)
	}
}

func TestRuntimes(t *testing.T) {
	t.Parallel()
	f := collectAll(t, map[string]string{
		"go.mod":               "module example.com/x\n\ngo 1.22.5\n\ntoolchain go1.23.2\n",
		"pom.xml":              "<project>\n  <properties>\n    <maven.compiler.release>17</maven.compiler.release>\n  </properties>\n</project>\n",
		"app/build.gradle.kts": "java {\n    toolchain {\n        languageVersion = JavaLanguageVersion.of(21)\n    }\n}\n",
		"web/package.json":     "{\n  \"name\": \"web\",\n  \"engines\": {\n    \"node\": \">=18.17.0\"\n  }\n}\n",
		".nvmrc":               "lts/iron\n",
		".node-version":        "20.11.1\n",
		"pyproject.toml":       "[project]\nname = \"x\"\nrequires-python = \">=3.9,<4\"\n",
		".python-version":      "3.12\n",
		".ruby-version":        "ruby-3.2.2\n",
		"Gemfile":              "source 'https://example.com'\nruby '3.1.4'\n",
		"Gemfile.lock":         "DEPENDENCIES\n  rails\n\nRUBY VERSION\n   ruby 3.3.5p100\n",
		"src/Api.csproj":       "<Project>\n  <PropertyGroup>\n    <TargetFrameworks>net6.0;netstandard2.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n",
		"composer.json":        "{\"require\": {\"php\": \"^8.1\"}}\n",
		"Dockerfile":           "FROM node:18-alpine AS web\nFROM python:3.11-slim-bookworm\nFROM debian:bullseye-slim\nFROM ubuntu:20.04\nFROM alpine:3.18.4\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nFROM web\n",
		"vendor/x/go.mod":      "module x\n\ngo 1.11\n",
		"testdata/go.mod":      "module y\n\ngo 1.12\n",
	})
	type rt struct {
		Name, Version, Cycle, Path string
		Line                       int
		Source                     string
	}
	var got []rt
	for _, r := range f.Runtimes {
		got = append(got, rt{r.Name, r.Version, r.Cycle, r.Path, r.Line, r.Source})
	}
	want := []rt{
		{"nodejs", "20.11.1", "20", ".node-version", 1, ".node-version"},
		{"python", "3.12", "3.12", ".python-version", 1, ".python-version"},
		{"ruby", "3.2.2", "3.2", ".ruby-version", 1, ".ruby-version"},
		{"nodejs", "18-alpine", "18", "Dockerfile", 1, "Dockerfile"},
		{"python", "3.11-slim-bookworm", "3.11", "Dockerfile", 2, "Dockerfile"},
		{"debian", "bullseye-slim", "11", "Dockerfile", 3, "Dockerfile"},
		{"ubuntu", "20.04", "20.04", "Dockerfile", 4, "Dockerfile"},
		{"alpine", "3.18.4", "3.18", "Dockerfile", 5, "Dockerfile"},
		{"dotnet", "8.0", "8.0", "Dockerfile", 6, "Dockerfile"},
		{"ruby", "3.1.4", "3.1", "Gemfile", 2, "Gemfile"},
		{"ruby", "3.3.5", "3.3", "Gemfile.lock", 5, "Gemfile.lock"},
		{"java", "21", "21", "app/build.gradle.kts", 3, "gradle"},
		{"php", "^8.1", "8.1", "composer.json", 1, "composer.json"},
		{"go", "1.22.5", "1.22", "go.mod", 3, "go.mod go"},
		{"go", "1.23.2", "1.23", "go.mod", 5, "go.mod toolchain"},
		{"java", "17", "17", "pom.xml", 3, "maven"},
		{"python", ">=3.9,<4", "3.9", "pyproject.toml", 3, "pyproject requires-python"},
		{"dotnet", "net6.0", "6.0", "src/Api.csproj", 3, "csproj"},
		{"nodejs", ">=18.17.0", "18", "web/package.json", 4, "package.json engines"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runtimes:\n got %+v\nwant %+v", got, want)
	}
}
