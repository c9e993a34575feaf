package scanners

import "context"

// containerBuilderCollector is a placeholder until the collector lands.
type containerBuilderCollector struct{}

func (containerBuilderCollector) Name() string { return "builders" }

func (containerBuilderCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
