package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/scorecard"
)

// TestRuntimeNearEndOfLifeIsAWarning: a runtime whose end of life is
// within 90 days passes build.runtime-supported, and the repository gets
// the check's warning naming the runtime and the date.
func TestRuntimeNearEndOfLifeIsAWarning(t *testing.T) {
	t.Parallel()
	cfg, eng := configEngine(t, "config:\n  today: \"2026-12-06\"\n  runtimes:\n    go: {\"1.30\": \"2027-01-15\", \"1.31\": \"2027-08-15\"}\n", nil)
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

// TestRuntimesConfigErrorsNameLines: every mistake in config.runtimes is
// reported at once, each at its file and line; an unquoted YAML date is a
// date.
func TestRuntimesConfigErrorsNameLines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "score.yaml")
	yaml := "config:\n  runtimes:\n    go:\n      \"1.24\": 2026-02-10\n      \"1.25\": \"2026-13-01\"\n    node: 22\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = EngineOptions(cfg, nil, nil)
	want := path + ":5: config runtimes.go.1.25: \"2026-13-01\" is not a date (want YYYY-MM-DD)\n" +
		path + ":6: config runtimes.node: want a map of cycle to end-of-life date (YYYY-MM-DD), got int"
	if err == nil || err.Error() != want {
		t.Errorf("EngineOptions = %v\nwant %s", err, want)
	}
}
