package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scoredev/score/config"
	"github.com/scoredev/score/engine"
	"github.com/scoredev/score/history"
	"github.com/scoredev/score/internal/gittest"
	"github.com/scoredev/score/source"
)

// TestScanReuseExpiryAndVersion stores a result with an org exemption,
// then asks whether it may be reused: yes while the exemption holds, not
// once it has expired (fake clock), nor by another version of score.
func TestScanReuseExpiryAndVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := gittest.NewServer(t)
	url := srv.Add("acme/alpha", gittest.NewRepo(t, gittest.Files{
		"README.md":  "# alpha\n",
		"Dockerfile": "FROM debian:12.6-slim\nENTRYPOINT [\"/app\"]\n",
	}))
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "score.yaml")
	if err := os.WriteFile(cfgPath, []byte("exemptions:\n  - repo: \"*\"\n    check: security.container-non-root\n    reason: the base image has no user yet\n    expires: \"2099-12-31\"\n"), 0o644); err != nil {
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
	store, err := history.Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ref, err := source.ParseRepoURL(url)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPipeline(eng, cfg)
	p.Now = func() time.Time { return time.Date(2099, 12, 1, 12, 0, 0, 0, time.UTC) }
	rows, _ := Scan(ctx, []source.RepoRef{ref}, ScanOptions{Pipeline: p, Version: "v1", Concurrency: 1})
	if rows[0].Error != "" || rows[0].ReuseKey == "" {
		t.Fatalf("first scan: error %q, reuse key %q", rows[0].Error, rows[0].ReuseKey)
	}
	if _, err := store.SaveScan(ctx, ScanDocument(p, "v1", time.Now(), rows)); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		today   string
		version string
		reuse   bool
	}{
		{"same version, exemption holds", "2099-12-31", "v1", true},
		{"exemption expired since", "2100-01-01", "v1", false},
		{"another score version", "2099-12-31", "v2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			today, _ := time.Parse(time.DateOnly, tc.today)
			pp := NewPipeline(eng, cfg)
			pp.Now = func() time.Time { return today.Add(12 * time.Hour) }
			sc := &scanner{pipeline: pp, store: store, version: tc.version}
			r := ref
			if _, reused := sc.unchanged(ctx, &r); reused != tc.reuse {
				t.Errorf("reused = %v, want %v", reused, tc.reuse)
			}
		})
	}
}
