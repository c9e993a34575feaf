package policies

import (
	"context"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/scoredev/score/engine"
)

// configRead finds the config keys a default policy reads: through the
// helpers of score.lib.config (get, list, settings.KEY), the dependency
// matchers (deps.*_matching(..., "KEY")) or data.score.config.KEY.
var configRead = regexp.MustCompile(`config\.(?:get|list)\("([a-z_]+)"|config\.settings\.([a-z_]+)|_matching\([^()]*, "([a-z_]+)"\)|data\.score\.config\.([a-z_]+)`)

// TestConfigKeysDeclared holds score.lib.config's custom.config (the keys
// the platform config's config: may set without being reported as
// unknown) to the keys the default policies actually read.
func TestConfigKeysDeclared(t *testing.T) {
	t.Parallel()
	read := map[string]bool{}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, m := range configRead.FindAllStringSubmatch(line, -1) {
				for _, g := range m[1:] {
					if g != "" {
						read[g] = true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Load(context.Background(), engine.Options{DefaultFS: FS()})
	if err != nil {
		t.Fatal(err)
	}
	declared := eng.Needs().ConfigKeys
	for k := range read {
		if !slices.Contains(declared, k) {
			t.Errorf("config key %q is read by a default policy but not listed in policies/lib/config.rego custom.config", k)
		}
	}
	for _, k := range declared {
		if !read[k] {
			t.Errorf("config key %q is listed in policies/lib/config.rego custom.config but no default policy reads it", k)
		}
	}
	if len(eng.Needs().Files) != 0 {
		t.Errorf("the default policies declare files %v: every run would pay for reading them", eng.Needs().Files)
	}
}
