package ci

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/shell"
	"github.com/scoredev/score/collect/scripts"
)

func TestShellSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"npm ci && npm test", []string{"npm ci", "npm test"}},
		{"make lint || true; make test", []string{"make lint", "true", "make test"}},
		{`echo "a && b" | tee out`, []string{`echo "a && b"`, "tee out"}},
		{"go test ./... 2>&1 | go-junit-report", []string{"go test ./... 2>&1", "go-junit-report"}},
		{"if [ -f x ]; then make test; fi", []string{"[ -f x ]", "make test", "fi"}},
		{"(cd web && npm test)", []string{"cd web", "npm test"}},
		{"echo $(date; whoami) ${A:-b}", []string{"echo $(date; whoami) ${A:-b}"}},
		{"sleep 1 & wait", []string{"sleep 1", "wait"}},
	}
	for _, tt := range tests {
		if got := shell.ShellSegments(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("shellSegments(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{`sh -c "make test"`, []string{"sh", "-c", "make test"}},
		{`echo 'it''s' a\ b`, []string{"echo", "its", "a b"}},
		{`$(MAKE) -C "web app" test`, []string{"$(MAKE)", "-C", "web app", "test"}},
		{`CI=true npm test`, []string{"CI=true", "npm", "test"}},
		{`unterminated "quote`, []string{"unterminated", "quote"}},
	}
	for _, tt := range tests {
		if got := shell.ShellWords(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("shellWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// reachRepo is a repository whose build entry points call each other.
var reachRepo = map[string]string{
	"Makefile": "all: lint\n" + // 1
		"test: unit\n" + // 2
		"\t$(MAKE) -C web test\n" + // 3
		"unit:\n" + // 4
		"\tgo test ./...\n" + // 5
		"lint:\n" + // 6
		"\tgolangci-lint run\n" + // 7
		"a: b\n" + // 8
		"\techo a\n" + // 9
		"b: a\n" + // 10
		"\techo b\n" + // 11
		"included: from-mk\n", // 12
	"make/extra.mk":        "from-mk:\n\techo from mk\n",
	"build.mk":             "release:\n\tgoreleaser release\n",
	"web/Makefile":         "test:\n\tnpm ci && npm test\n",
	"web/package.json":     "{\n  \"scripts\": {\n    \"pretest\": \"tsc\",\n    \"test\": \"jest && ./scripts/check.sh\",\n    \"lint\": \"eslint .\",\n    \"test:unit\": \"vitest run\",\n    \"build\": \"vite build\",\n    \"loop\": \"npm run loop\"\n  }\n}\n",
	"web/scripts/check.sh": "#!/bin/sh\nprettier --check .\n",
	"scripts/test.sh":      "#!/bin/bash\nset -e\n./scripts/inner.sh\n",
	"scripts/inner.sh":     "go test -race ./...\nbash scripts/test.sh\n",
	"Taskfile.yml":         "version: '3'\ntasks:\n  lint:\n    deps: [fmt]\n    cmds: [golangci-lint run ./...]\n  fmt:\n    cmds: [gofmt -l .]\n",
	"justfile":             "check: fmt\n    cargo test\nfmt:\n    cargo fmt --check\n",
}

func TestReached(t *testing.T) {
	t.Parallel()
	tests := []struct {
		script string
		want   []string
	}{
		{"make test", []string{
			"Makefile:5: go test ./...",
			"Makefile:3: $(MAKE) -C web test",
			"web/Makefile:2: npm ci && npm test",
			"web/package.json:3: tsc",
			"web/package.json:4: jest && ./scripts/check.sh",
			"web/scripts/check.sh:2: prettier --check .",
		}},
		{"make", []string{"Makefile:7: golangci-lint run"}},
		{"make a", []string{"Makefile:11: echo b", "Makefile:9: echo a"}},
		{"make included", []string{"make/extra.mk:2: echo from mk"}},
		{"make -f build.mk release", []string{"build.mk:2: goreleaser release"}},
		{"make -C $(DIR) test", []string{}},
		{"bash scripts/test.sh", []string{"scripts/test.sh:2: set -e", "scripts/test.sh:3: ./scripts/inner.sh", "scripts/inner.sh:1: go test -race ./...", "scripts/inner.sh:2: bash scripts/test.sh"}},
		{"$CI_PROJECT_DIR/scripts/inner.sh", []string{"scripts/inner.sh:1: go test -race ./...", "scripts/inner.sh:2: bash scripts/test.sh", "scripts/test.sh:2: set -e", "scripts/test.sh:3: ./scripts/inner.sh"}},
		{`sh -c "task lint"`, []string{"Taskfile.yml:7: gofmt -l .", "Taskfile.yml:5: golangci-lint run ./..."}},
		{"just check", []string{"justfile:4: cargo fmt --check", "justfile:2: cargo test"}},
		{"just", []string{"justfile:4: cargo fmt --check", "justfile:2: cargo test"}},
		{"cd web && yarn lint", []string{"web/package.json:5: eslint ."}},
		{"pnpm -C web run build", []string{"web/package.json:7: vite build"}},
		{"CI=true npm --prefix web run test:unit -- --watch=false", []string{"web/package.json:6: vitest run"}},
		{"npm --prefix web run loop", []string{"web/package.json:8: npm run loop"}},
		{"time sudo -E make unit", []string{"Makefile:5: go test ./..."}},
		{`uv run --frozen --with pytest-cov bash scripts/inner.sh "Coverage for ${{ github.sha }}"`, []string{"scripts/inner.sh:1: go test -race ./...", "scripts/inner.sh:2: bash scripts/test.sh", "scripts/test.sh:2: set -e", "scripts/test.sh:3: ./scripts/inner.sh"}},
		{"poetry run make unit", []string{"Makefile:5: go test ./..."}},
		{"cd web && pipenv run npm run lint", []string{"web/package.json:5: eslint ."}},
		{"uv run", []string{}},
		{"go test ./...", []string{}},
		{"./scripts/missing.sh", []string{}},
		{"cat /etc/passwd | ../outside.sh", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{".gitlab-ci.yml": "job:\n  script:\n    - '" + tt.script + "'\n"}
			for k, v := range reachRepo {
				files[k] = v
			}
			f := collecttest.ScanWith(t, files, scripts.Collector{}, Collector{})
			j := collecttest.JobByName(t, f, "job")
			if got := collecttest.Pcmds(j.Reached); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("reached:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
