package deploy

import "testing"

func TestOverlayEnv(t *testing.T) {
	t.Parallel()
	for dir, want := range map[string]string{
		".":                         "",
		"k8s/base":                  "",
		"deploy/overlays/staging":   "staging",
		"deploy/overlays/prod/eu":   "prod",
		"envs/dev":                  "dev",
		"k8s/production":            "production",
		"clusters/prod-eu/apps":     "prod-eu",
		"environments/qa/kustomize": "qa",
	} {
		if got := overlayEnv(dir); got != want {
			t.Errorf("overlayEnv(%q) = %q, want %q", dir, got, want)
		}
	}
	for p, want := range map[string]string{
		"chart/values.yaml":        "",
		"chart/values-prod.yaml":   "prod",
		"chart/values.staging.yml": "staging",
		"chart/dev-values.yaml":    "dev",
		"helm/values/uat.yaml":     "uat",
		"chart/values.schema.json": "",
		"chart/templates/x.yaml":   "",
	} {
		if got := helmValuesEnv(p); got != want {
			t.Errorf("helmValuesEnv(%q) = %q, want %q", p, got, want)
		}
	}
}
