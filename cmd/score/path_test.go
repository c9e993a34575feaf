package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPathCommand(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join("..", "..", "testdata", "paths", "score.yaml")
	repos := filepath.Join("..", "..", "testdata", "repos")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"list", []string{"path", "list", "--config", cfg}, ExitOK, []string{
			"go-service — Go service on the platform", "select: languages go and has container",
			"select: rule data.platform.paths.jvm_service", "checks: build, test, security, ownership (25 checks)", "off-path\n"}},
		{"list without paths", []string{"path", "list"}, ExitOK, []string{"no paths in the platform config"}},
		{"explain a repository", []string{"path", "explain", "--config", cfg, "--repo", filepath.Join(repos, "java-maven-multimodule")}, ExitOK, []string{
			"java-maven-multimodule: path jvm-service", "- select go-service: languages: wants go, has java",
			"✓ select jvm-service: rule data.platform.paths.jvm_service"}},
		{"explain why not", []string{"path", "explain", "jvm-service", "--config", cfg, "--repo", filepath.Join(repos, "go-helm-service")}, ExitOK, []string{
			"it is not on jvm-service: rule data.platform.paths.jvm_service is not true"}},
		{"explain a path", []string{"path", "explain", "node-service", "--config", cfg}, ExitOK, []string{
			"catalog types: website", "    ownership.readme\n"}},
		{"unknown path", []string{"path", "explain", "nope", "--config", cfg}, ExitUsage, []string{`no path "nope" (known: go-service, jvm-service, node-service)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, stderr, code := runCLI(t, nil, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out+stderr, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, stderr)
				}
			}
		})
	}
}
