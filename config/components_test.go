package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadComponents(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "score.yaml")
	if err := os.WriteFile(p, []byte("components:\n  - src/*\n  - services/*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.Components.Globs, ",") != "src/*,services/*" {
		t.Errorf("components %v", cfg.Components.Globs)
	}
	if err := os.WriteFile(p, []byte("components:\n  - \"src/[\"\n  - ../x\n  - \"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(p)
	if err == nil {
		t.Fatal("bad globs accepted")
	}
	if err := os.WriteFile(p, []byte("components: src/*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), p+":1: components: want a list") {
		t.Errorf("a scalar components: %v", err)
	}
	if err := os.WriteFile(p, []byte("components:\n  - \"src/[\"\n  - ../x\n  - \"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(p)
	for _, want := range []string{p + `:2: components: "src/[": syntax error in pattern`, p + `:3: components: "../x": want a path relative`, p + ":4: components: an empty glob"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
