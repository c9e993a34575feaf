package runtimes

import "testing"

func TestRuntimeCycle(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, version, want string }{
		{"java", "1.8", "8"},
		{"java", "11", "11"},
		{"nodejs", "lts/*", ""},
		{"nodejs", "v20.1.0", "20"},
		{"python", "3", ""},
		{"dotnet", "net48", ""},
		{"dotnet", "netcoreapp3.1", "3.1"},
		{"debian", "12.5", "12"},
		{"debian", "sid", ""},
		{"ubuntu", "jammy-20240405", "22.04"},
		{"php", ">=7.4 <8.3", "7.4"},
	} {
		if got := runtimeCycle(c.name, c.version); got != c.want {
			t.Errorf("runtimeCycle(%q, %q) = %q, want %q", c.name, c.version, got, c.want)
		}
	}
}
