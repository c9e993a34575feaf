package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/scorecard"
)

// TestRuntimeNearEndOfLifeIsAWarning: a runtime whose end of life is
// within 90 days passes build.runtime-supported, and the repository gets
// the check's warning naming the runtime and the date.
func TestRuntimeNearEndOfLifeIsAWarning(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "score.yaml")
	yaml := "config:\n  today: \"2026-12-06\"\n  runtimes:\n    go: {\"1.30\": \"2027-01-15\", \"1.31\": \"2027-08-15\"}\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := EngineOptions(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := scoreFiles(t, NewPipeline(eng, cfg), map[string]string{"go.mod": "module example.com/svc\n\ngo 1.30.1\n", "main.go": "package main\n"})
	if o := outcome(r, "build.runtime-supported"); o != scorecard.Pass {
		t.Errorf("build.runtime-supported = %s, want pass (the end of life is ahead)", o)
	}
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.String())
	}
	want := "go.mod:3: build.runtime-supported: go 1.30.1 (go.mod go) reaches end of life on 2027-01-15, within 90 days"
	if !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("warnings %q lack %q", got, want)
	}
}
