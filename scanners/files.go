package scanners

import "context"

// filesCollector is a placeholder until the collector lands.
type filesCollector struct{}

func (filesCollector) Name() string { return "files" }

func (filesCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
