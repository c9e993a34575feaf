package scanners

import "context"

// dockerfileCollector is a placeholder until the collector lands.
type dockerfileCollector struct{}

func (dockerfileCollector) Name() string { return "dockerfile" }

func (dockerfileCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
