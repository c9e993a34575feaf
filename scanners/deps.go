package scanners

import "context"

// dependencyCollector is a placeholder until the collector lands.
type dependencyCollector struct{}

func (dependencyCollector) Name() string { return "deps" }

func (dependencyCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
