package scanners

import "context"

// ownershipCollector is a placeholder until the collector lands.
type ownershipCollector struct{}

func (ownershipCollector) Name() string { return "ownership" }

func (ownershipCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
