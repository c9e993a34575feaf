package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"empty", "", ""},
		{"full", "policies: [extra]\ndisable: [a.b]\nteams:\n  - {match: 'acme/**', team: core}\nexemptions:\n  - {repo: '*', check: a.b, reason: r}\nenforce: silver\n", ""},
		{"unknown key", "polices: [x]\n", "score.yaml:1: field polices not found"},
		{"exemption without check", "exemptions:\n  - reason: r\n", "score.yaml:2: exemption without check"},
		{"team without match", "teams:\n  - team: core\n", "teams entries need both match and team"},
		{"bad level", "enforce: platinum\n", `enforce: "platinum" is not one of bronze, silver, gold`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "score.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := Load(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load = %v, want error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Path() != path {
				t.Errorf("Path = %q", cfg.Path())
			}
			if tt.name == "full" {
				if want := filepath.Join(filepath.Dir(path), "extra"); cfg.Policies[0] != want {
					t.Errorf("policies = %v, want %s (relative to the file)", cfg.Policies, want)
				}
				if cfg.ExemptionLine(0) != 6 {
					t.Errorf("exemption line = %d, want 6", cfg.ExemptionLine(0))
				}
			}
		})
	}
}

func TestLoadNoPath(t *testing.T) {
	t.Parallel()
	cfg, err := Load("")
	if err != nil || cfg == nil || cfg.Path() != "" {
		t.Fatalf("Load(\"\") = %+v, %v; want an empty config", cfg, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.HasPrefix(err.Error(), "read config: ") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestValidLevel(t *testing.T) {
	t.Parallel()
	for l, want := range map[string]bool{"bronze": true, "silver": true, "gold": true, "": false, "Gold": false} {
		if ValidLevel(l) != want {
			t.Errorf("ValidLevel(%q) = %v", l, !want)
		}
	}
}

// TestLoadReportsEveryUnknownKey: every unknown top-level key is named with
// its line in one error, not only the first.
func TestLoadReportsEveryUnknownKey(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "score.yaml")
	if err := os.WriteFile(p, []byte("policies: []\ndisabel: [x]\nenforce: silver\nteam: [y]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{p + `:2: field disabel not found`, p + `:4: field team not found`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
