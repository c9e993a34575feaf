// Package lint checks Kubernetes workload manifests for the basics the
// platform requires (probes, non-root, resource requests).
package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/rs/zerolog"
	"sigs.k8s.io/yaml"
)

// Problem is one lint finding.
type Problem struct {
	Workload  string `json:"workload"`
	Container string `json:"container,omitempty"`
	Message   string `json:"message"`
}

type workload struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Template struct {
			Spec struct {
				SecurityContext struct {
					RunAsNonRoot *bool `json:"runAsNonRoot"`
				} `json:"securityContext"`
				Containers []struct {
					Name           string          `json:"name"`
					ReadinessProbe json.RawMessage `json:"readinessProbe"`
					LivenessProbe  json.RawMessage `json:"livenessProbe"`
				} `json:"containers"`
			} `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

// Manifest lints one YAML document.
func Manifest(doc []byte) ([]Problem, error) {
	var w workload
	if err := yaml.Unmarshal(doc, &w); err != nil {
		return nil, fmt.Errorf("parse manifest: %w", err)
	}
	switch w.Kind {
	case "Deployment", "StatefulSet", "DaemonSet":
	default:
		return nil, nil
	}
	var out []Problem
	pod := w.Spec.Template.Spec
	if pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		out = append(out, Problem{Workload: w.Metadata.Name, Message: "pod does not set runAsNonRoot: true"})
	}
	for _, c := range pod.Containers {
		if len(c.ReadinessProbe) == 0 {
			out = append(out, Problem{Workload: w.Metadata.Name, Container: c.Name, Message: "no readinessProbe"})
		}
		if len(c.LivenessProbe) == 0 {
			out = append(out, Problem{Workload: w.Metadata.Name, Container: c.Name, Message: "no livenessProbe"})
		}
	}
	return out, nil
}

// Handler lints the manifest in the request body.
func Handler(log zerolog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "read body", http.StatusBadRequest)
			return
		}
		problems, err := Manifest(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		log.Info().Int("problems", len(problems)).Msg("linted manifest")
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"problems": problems})
	}
}
