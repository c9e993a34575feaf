package policies

import (
	"strings"
	"testing"
)

func TestWithRuntimes(t *testing.T) {
	t.Parallel()
	own := map[string]any{
		"other": 1,
		"runtimes": map[string]any{
			"go":     map[string]any{"1.22": "2030-01-01"},
			"elixir": map[string]any{"1.15": "2026-01-01"},
		},
	}
	got, err := WithRuntimes(own)
	if err != nil {
		t.Fatal(err)
	}
	rt := got["runtimes"].(map[string]any)
	if d := rt["go"].(map[string]any)["1.22"]; d != "2030-01-01" {
		t.Errorf("go 1.22 = %v, want the config's date to win", d)
	}
	if d := rt["go"].(map[string]any)["1.21"]; d != "2024-08-13" {
		t.Errorf("go 1.21 = %v, want the embedded date kept", d)
	}
	if d := rt["elixir"].(map[string]any)["1.15"]; d != "2026-01-01" {
		t.Errorf("elixir = %v, want the config to extend the table", d)
	}
	if got["other"] != 1 {
		t.Errorf("other config keys lost: %v", got)
	}
	if _, ok := own["runtimes"].(map[string]any)["python"]; ok {
		t.Error("the config was modified")
	}
	src := got["runtimes_source"].(map[string]any)
	if src["date"] == "" || !strings.Contains(src["source"].(string), "endoflife.date") {
		t.Errorf("runtimes_source = %v, want the table's source and date", src)
	}
	for _, bad := range []map[string]any{
		{"runtimes": "go 1.22"},
		{"runtimes": map[string]any{"go": "1.22"}},
		{"runtimes": map[string]any{"go": map[string]any{"1.22": 2030}}},
	} {
		if _, err := WithRuntimes(bad); err == nil {
			t.Errorf("WithRuntimes(%v): no error", bad)
		}
	}
}

func TestRuntimesTableDates(t *testing.T) {
	t.Parallel()
	got, err := WithRuntimes(nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, cycles := range got["runtimes"].(map[string]any) {
		for c, d := range cycles.(map[string]any) {
			s, _ := d.(string)
			if len(s) != 10 || s[4] != '-' || s[7] != '-' {
				t.Errorf("%s %s: %q is not YYYY-MM-DD", name, c, d)
			}
		}
	}
}
