package security

import "testing"

func TestGolangciGosec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cfg string
		want      int
	}{
		{"enabled", "linters:\n  enable:\n    - govet\n    - gosec\n", 4},
		{"enable-all", "linters:\n  enable-all: true\n  disable: [lll]\n", 2},
		{"v2 default all", "version: \"2\"\nlinters:\n  default: all\n", 3},
		{"enable-all but disabled", "linters:\n  enable-all: true\n  disable:\n    - gosec\n", 0},
		{"v2 default standard", "version: \"2\"\nlinters:\n  default: standard\n", 0},
		{"only settings", "linters-settings:\n  gosec:\n    excludes: [G104]\n", 0},
		{"not YAML", "linters: [\n", 0},
	}
	for _, tt := range tests {
		if got := golangciGosec([]byte(tt.cfg)); got != tt.want {
			t.Errorf("%s: line %d, want %d", tt.name, got, tt.want)
		}
	}
}
