package scripts

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
)

func TestParseMakefile(t *testing.T) {
	t.Parallel()
	src := "GO ?= go\n" + // 1
		"GOTEST = $(GO) test\n" + // 2
		"BIN := app\n" + // 3
		".PHONY: all test lint\n" + // 4
		"\n" + // 5
		"all: lint test ## the default\n" + // 6
		"\n" + // 7
		"test: deps | tools\n" + // 8
		"\t@$(GOTEST) -race \\\n" + // 9
		"\t\t-coverprofile=cover.out ./...\n" + // 10
		"\t# a shell comment\n" + // 11
		"\t-$(MAKE) -C sub check\n" + // 12
		"\n" + // 13
		"lint:\n" + // 14
		"ifeq ($(CI),true)\n" + // 15
		"\tgolangci-lint run --out-format=github-actions\n" + // 16
		"else\n" + // 17
		"\tgolangci-lint run\n" + // 18
		"endif\n" + // 19
		"$(BIN): main.go ; go build -o $@ .\n" + // 20
		"define HELP\n" + // 21
		"\tnot a recipe\n" + // 22
		"endef\n" + // 23
		"clean: export FOO=1\n" + // 24
		"print:\n" + // 25
		"\tfor f in $$(ls); do echo $$f; done\n" // 26
	got := ParseMakefile("Makefile", []byte(src))
	type target struct {
		name    string
		line    int
		prereqs []string
		cmds    []string
	}
	want := []target{
		{"all", 6, []string{"lint", "test"}, []string{}},
		{"test", 8, []string{"deps", "tools"}, []string{
			"9: go test -race -coverprofile=cover.out ./...",
			"12: $(MAKE) -C sub check",
		}},
		{"lint", 14, []string{}, []string{
			"16: golangci-lint run --out-format=github-actions",
			"18: golangci-lint run",
		}},
		{"app", 20, []string{"main.go"}, []string{"20: go build -o $@ ."}},
		{"print", 25, []string{}, []string{"26: for f in $(ls); do echo $f; done"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d targets: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.Line != w.line || !reflect.DeepEqual(g.Prerequisites, w.prereqs) || !reflect.DeepEqual(collecttest.CmdsOf(g.Commands), w.cmds) {
			t.Errorf("target %d = %s:%d %v %v\nwant             %s:%d %v %v", i, g.Name, g.Line, g.Prerequisites, collecttest.CmdsOf(g.Commands), w.name, w.line, w.prereqs, w.cmds)
		}
	}
}

func TestParseNpmScripts(t *testing.T) {
	t.Parallel()
	src := `{
  "name": "web",
  "nested": {"scripts": {"bait": "no"}},
  "scripts": {
    "test": "jest --coverage",
    "lint": "eslint . && tsc --noEmit",
    "weird\"key": "echo hi",
    "notastring": {"x": 1},
    "build": "vite build"
  },
  "devDependencies": {"jest": "^29"}
}`
	f := collecttest.ScanWith(t, map[string]string{"package.json": src}, Collector{})
	var got []string
	for _, s := range f.Scripts.NpmScripts {
		got = append(got, strconv.Itoa(s.Line)+": "+s.Name+" = "+s.Command)
	}
	want := []string{
		"5: test = jest --coverage",
		"6: lint = eslint . && tsc --noEmit",
		`7: weird"key = echo hi`,
		"9: build = vite build",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scripts = %q\nwant      %q", got, want)
	}
}

func TestParseNpmScriptsMalformed(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{"web/package.json": "{\n  \"scripts\": {\n    \"test\": \"jest\",\n    oops\n  }\n}\n"}, Collector{})
	if len(f.Scripts.NpmScripts) != 1 {
		t.Errorf("scripts before the error should be kept: %+v", f.Scripts.NpmScripts)
	}
	if !collecttest.HasWarning(f, "web/package.json", 4) {
		t.Errorf("want a warning at line 4, got %+v", f.Warnings)
	}
}

func TestShellScripts(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"scripts/test.sh":       "#!/usr/bin/env bash\nset -euo pipefail\n\n# run tests\ngo test \\\n  ./...\n",
		"hack/verify":           "#!/bin/sh\nmake lint\n",
		"bin/tool":              "#!/usr/bin/env -S python3 -u\nprint('hi')\n",
		"ci/deploy":             "#!/usr/bin/env bash\nhelm upgrade app ./chart\n",
		"build/package":         "not a script\n",
		"tools/run.sh":          "echo run\n",
		"testdata/bait.sh":      "go test ./...\n",
		"docs/readme":           "#!/bin/sh\necho doc\n",
		"scripts/notes.txt":     "#!/bin/sh\n",
		"deploy/.ci/release.sh": "goreleaser\n",
	}, Collector{})
	got := map[string][]string{}
	for _, s := range f.Scripts.Shell {
		got[s.Path] = collecttest.CmdsOf(s.Commands)
	}
	want := map[string][]string{
		"scripts/test.sh":       {"2: set -euo pipefail", "5: go test ./..."},
		"hack/verify":           {"2: make lint"},
		"ci/deploy":             {"2: helm upgrade app ./chart"},
		"tools/run.sh":          {"1: echo run"},
		"deploy/.ci/release.sh": {"1: goreleaser"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shell scripts = %v\nwant            %v", got, want)
	}
}

func TestTaskRunners(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"Taskfile.yml": `version: '3'
tasks:
  default:
    deps: [lint, {task: test}]
  test:
    cmds:
      - go test ./...
      - cmd: |
          echo one
          echo two
      - task: lint
  lint: golangci-lint run
  multi:
    - echo a
    - echo b
`,
		"justfile": `set shell := ["bash", "-c"]
version := "1.0"

# run everything
default: lint (test "unit") && report

[private]
@test kind:
    go test ./... -run {{kind}}
    -echo done

lint:
    #!/usr/bin/env bash
    golangci-lint run
report:
  echo report
`,
	}, Collector{})
	got := map[string]string{}
	for _, tr := range f.Scripts.TaskRunners {
		got[tr.Path+":"+tr.Name] = strconv.Itoa(tr.Line) + " " + strings.Join(tr.Prerequisites, ",") + " | " + strings.Join(collecttest.CmdsOf(tr.Commands), ",")
	}
	want := map[string]string{
		"Taskfile.yml:default": "3 lint,test | ",
		"Taskfile.yml:test":    "5  | 7: go test ./...,9: echo one,10: echo two,11: task lint",
		"Taskfile.yml:lint":    "12  | 12: golangci-lint run",
		"Taskfile.yml:multi":   "13  | 14: echo a,15: echo b",
		"justfile:default":     "5 lint,test,report | ",
		"justfile:test":        "8  | 9: go test ./... -run {{kind}},10: echo done",
		"justfile:lint":        "12  | 14: golangci-lint run",
		"justfile:report":      "15  | 16: echo report",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("task runners:\n got %v\nwant %v", got, want)
	}
}

func TestMakefileNames(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"Makefile":          "a:\n\techo a\n",
		"sub/GNUmakefile":   "b:\n\techo b\n",
		"lib/makefile":      "c:\n\techo c\n",
		"make/rules.mk":     "d:\n\techo d\n",
		"examples/Makefile": "bait:\n\techo bait\n",
	}, Collector{})
	var got []string
	for _, mt := range f.Scripts.MakeTargets {
		got = append(got, mt.Path+":"+mt.Name)
	}
	want := []string{"Makefile:a", "lib/makefile:c", "make/rules.mk:d", "sub/GNUmakefile:b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets = %v, want %v", got, want)
	}
}
