// Package deploy finds per-environment deployment configuration: kustomize
// overlays and Helm values files named after an environment. It never
// judges them; the deploy checks do.
package deploy

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/internal/lazyre"
	"github.com/scoredev/score/snapshot"
)

// Collector finds per-environment deployment configuration:
// kustomize overlays and Helm values files named after an environment
// (Facts.Deploy.Overlays). The GitOps, autoscaling and disruption-budget
// objects come from the kubernetes collector, CI environments from the CI
// collector. Fixture trees are skipped.
type Collector struct{}

func (Collector) Name() string { return "deploy" }

// overlayParents are folder names whose children are environments.
var overlayParents = map[string]bool{
	"overlays": true, "envs": true, "environments": true, "env": true, "stages": true, "clusters": true,
}

// envWords are folder names that are environments wherever they sit.
var envWords = map[string]bool{
	"prod": true, "production": true, "prd": true, "live": true,
	"staging": true, "stage": true, "stg": true, "preprod": true, "pre-prod": true, "preproduction": true,
	"uat": true, "qa": true, "test": true, "testing": true, "dev": true, "development": true,
	"int": true, "integration": true, "sandbox": true, "acceptance": true, "nonprod": true, "non-prod": true,
}

var (
	// values-staging.yaml, values.prod.yml, values_dev.yaml
	helmValuesSuffixRe = lazyre.New(`^values[-_.]([A-Za-z0-9-]+)\.ya?ml$`)
	// staging-values.yaml, prod.values.yaml
	helmValuesPrefixRe = lazyre.New(`^([A-Za-z0-9-]+)[-_.]values\.ya?ml$`)
)

func (Collector) Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error {
	var out []facts.DeployOverlay
	for _, p := range t.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if snapshot.IsFixturePath(p) {
			continue
		}
		if isKustomizationFile(p) {
			if env := overlayEnv(path.Dir(p)); env != "" {
				out = append(out, facts.DeployOverlay{Kind: "kustomize", Env: env, Path: p})
			}
			continue
		}
		if env := helmValuesEnv(p); env != "" {
			out = append(out, facts.DeployOverlay{Kind: "helm-values", Env: env, Path: p})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	f.Deploy.Overlays = append(f.Deploy.Overlays, out...)
	return nil
}

// overlayEnv names the environment of a kustomization folder: the folder
// below overlays/ (envs/, environments/ ...), or a folder named like an
// environment. "" when it is not an overlay (a base).
func overlayEnv(dir string) string {
	if dir == "." {
		return ""
	}
	parts := strings.Split(dir, "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if overlayParents[strings.ToLower(parts[i])] {
			return parts[i+1]
		}
	}
	last := parts[len(parts)-1]
	if envWords[strings.ToLower(last)] {
		return last
	}
	return ""
}

// helmValuesEnv names the environment of a Helm values file, "" when p is
// not one. values.yaml itself is every environment's default.
func helmValuesEnv(p string) string {
	base := path.Base(p)
	if m := helmValuesSuffixRe.FindStringSubmatch(base); m != nil && m[1] != "schema" {
		return m[1]
	}
	if m := helmValuesPrefixRe.FindStringSubmatch(base); m != nil {
		return m[1]
	}
	dir := path.Dir(p)
	if path.Base(dir) == "values" && (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
		return strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	}
	return ""
}

// isKustomizationFile is true for the file names kustomize reads (as the
// kubernetes collector recognises them).
func isKustomizationFile(p string) bool {
	switch path.Base(p) {
	case "kustomization.yaml", "kustomization.yml", "Kustomization":
		return true
	}
	return false
}
