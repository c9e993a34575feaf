package scanners

import "context"

// securityCollector is a placeholder until the collector lands.
type securityCollector struct{}

func (securityCollector) Name() string { return "security" }

func (securityCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
