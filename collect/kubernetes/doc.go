// Package kubernetes reads Kubernetes objects from plain manifests,
// Kustomize overlays and Helm charts.
package kubernetes
