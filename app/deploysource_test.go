package app

import (
	"context"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/scorecard"
	"github.com/scoredev/score/source"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
`

// TestDeploySources scans, on a loopback git server, a service whose
// workloads live in a deploy repository (deploy_sources), one linked by
// its catalog annotation, one whose annotation names another server, and
// one with no link: the linked services' workload checks read the deploy
// repository and say so in the finding's path; the unlinked ones are not
// failed for lacking workloads.
func TestDeploySources(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := gittest.NewServer(t)
	service := gittest.Files{
		"README.md":  "# api\n",
		"main.go":    "package main\n",
		"Dockerfile": "FROM golang:1.26 AS build\nFROM gcr.io/distroless/static:nonroot\nENTRYPOINT [\"/api\"]\n",
	}
	deployURL := srv.Add("acme/deploy", gittest.NewRepo(t, gittest.Files{"apps/api/deployment.yaml": deployment, "apps/web/deployment.yaml": deployment}))
	apiURL := srv.Add("acme/api", gittest.NewRepo(t, service))
	webFiles := gittest.Files{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  annotations:\n    score.dev/deploy-source: " + deployURL + "//apps/web\nspec:\n  owner: web\n"}
	foreignFiles := gittest.Files{"catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  annotations:\n    score.dev/deploy-source: https://elsewhere.example.com/acme/deploy.git//apps/web\nspec:\n  owner: web\n"}
	for k, v := range service {
		webFiles[k], foreignFiles[k] = v, v
	}
	webURL := srv.Add("acme/web", gittest.NewRepo(t, webFiles))
	foreignURL := srv.Add("acme/foreign", gittest.NewRepo(t, foreignFiles))
	loneURL := srv.Add("acme/lone", gittest.NewRepo(t, service))

	cfg, eng := configEngine(t, "deploy_sources:\n  - repos: acme/api\n    deploy_repo: "+deployURL+"\n    path: apps/{name}\n", nil)
	var refs []source.RepoRef
	for _, u := range []string{apiURL, webURL, foreignURL, loneURL} {
		ref, err := source.ParseRepoURL(u)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	p := NewPipeline(eng, cfg)
	rows, _ := Scan(ctx, refs, ScanOptions{Pipeline: p, Version: "v1", Concurrency: 2})
	check := func(r scorecard.Repo, id string) scorecard.CheckResult {
		for _, c := range r.Checks {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("%s: no check %s", r.Name, id)
		return scorecard.CheckResult{}
	}
	for i, want := range []struct{ name, via string }{{"acme/api", "score.yaml:2"}, {"acme/web", "catalog-info.yaml:6"}} {
		r := rows[i]
		if r.Error != "" {
			t.Fatalf("%s: %s", r.Name, r.Error)
		}
		hc := check(r, "observability.health-checks")
		if hc.Outcome != scorecard.Fail || len(hc.Findings) != 1 || hc.Findings[0].Path != "acme/deploy:apps/"+strings.TrimPrefix(want.name, "acme/")+"/deployment.yaml" {
			t.Errorf("%s: health-checks = %s %+v, want a failure in the deploy repository's workload", r.Name, hc.Outcome, hc.Findings)
		}
		if rl := check(r, "deploy.resource-limits"); rl.Outcome != scorecard.Fail {
			t.Errorf("%s: deploy.resource-limits = %s, want fail (the linked workload sets no resources)", r.Name, rl.Outcome)
		}
		var note string
		for _, w := range r.Warnings {
			if strings.HasPrefix(w.Message, deployReadKey) {
				note = w.Message
			}
		}
		if !strings.Contains(note, "acme/deploy//apps/") || !strings.Contains(note, want.via) {
			t.Errorf("%s: no note naming the deploy repository and %s: %+v", r.Name, want.via, r.Warnings)
		}
		if p.Reusable(r) {
			t.Errorf("%s: a result that read another repository must not be reused", r.Name)
		}
	}
	for _, r := range rows[2:] {
		for _, id := range []string{"observability.health-checks", "deploy.automated"} {
			c := check(r, id)
			if c.Outcome != scorecard.Skip || !strings.Contains(c.Reason, "deploy_sources") {
				t.Errorf("%s: %s = %s (%s), want skip: deployments live elsewhere", r.Name, id, c.Outcome, c.Reason)
			}
		}
	}
	foreign := rows[2]
	found := false
	for _, w := range foreign.Warnings {
		found = found || strings.Contains(w.String(), "catalog-info.yaml:6: score.dev/deploy-source: not followed")
	}
	if !found {
		t.Errorf("acme/foreign: the annotation naming another server was not refused with a warning: %+v", foreign.Warnings)
	}
}
