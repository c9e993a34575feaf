package scanners

import "context"

// scriptsCollector is a placeholder until the collector lands.
type scriptsCollector struct{}

func (scriptsCollector) Name() string { return "scripts" }

func (scriptsCollector) Collect(ctx context.Context, t *Tree, f *Facts) error { return nil }
