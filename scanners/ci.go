package scanners

import "context"

// ciCollector is a placeholder until the collector lands.
type ciCollector struct{}

func (ciCollector) Name() string { return "ci" }

func (ciCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
