package ci

import (
	"strings"
	"testing"
)

// TestProviderTable checks the table every provider file registers into:
// sorted by order, names and orders unique, and register refuses a clash.
func TestProviderTable(t *testing.T) {
	if len(providers) == 0 {
		t.Fatal("no providers registered")
	}
	names := map[string]bool{}
	for i, p := range providers {
		if names[p.name] {
			t.Errorf("provider %q registered twice", p.name)
		}
		names[p.name] = true
		if i > 0 && providers[i-1].order >= p.order {
			t.Errorf("providers out of order: %q (%d) before %q (%d)", providers[i-1].name, providers[i-1].order, p.name, p.order)
		}
		if p.match == nil || p.read == nil {
			t.Errorf("provider %q lacks match or read", p.name)
		}
	}
	for _, clash := range []provider{
		{name: providers[0].name, order: -1},
		{name: "new", order: providers[0].order},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "clashes") {
					t.Errorf("register(%q, %d) = %v, want a clash", clash.name, clash.order, r)
				}
			}()
			saved := providers
			defer func() { providers = saved }()
			providers = append([]provider(nil), saved...)
			register(clash)
		}()
	}
}
