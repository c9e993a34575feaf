package scanners

import "context"

// composeCollector is a placeholder until the collector lands.
type composeCollector struct{}

func (composeCollector) Name() string { return "compose" }

func (composeCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
