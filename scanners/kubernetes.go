package scanners

import "context"

// kubernetesCollector is a placeholder until the collector lands.
type kubernetesCollector struct{}

func (kubernetesCollector) Name() string { return "kubernetes" }

func (kubernetesCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
