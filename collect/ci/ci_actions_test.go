package ci

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/scripts"
	"github.com/scoredev/score/facts"
)

const ActionsWorkflow = `name: CI
on: [push, pull_request]
permissions: read-all
defaults:
  run:
    working-directory: web
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20-bookworm
    permissions:
      contents: read
      checks: write
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci && npm test
      - name: multi
        run: |
          echo start

          make -C .. lint
      - uses: ./.github/actions/setup
      - uses: docker://alpine:3.20
  call:
    uses: org/repo/.github/workflows/reusable.yml@v1
    with:
      env: prod
    permissions: {}
  write:
    permissions: write-all
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
        working-directory: .
`

const compositeAction = `name: setup
runs:
  using: composite
  steps:
    - run: ./scripts/bootstrap.sh
      shell: bash
    - uses: actions/cache@v4
`

func TestActionsWorkflow(t *testing.T) {
	t.Parallel()
	for _, provider := range []struct{ name, dir string }{
		{"github", ".github/workflows"}, {"forgejo", ".forgejo/workflows"}, {"gitea", ".gitea/workflows"},
	} {
		t.Run(provider.name, func(t *testing.T) {
			t.Parallel()
			wfPath := provider.dir + "/ci.yml"
			f := collecttest.ScanWith(t, map[string]string{
				wfPath:                             ActionsWorkflow,
				".github/actions/setup/action.yml": compositeAction,
				"scripts/bootstrap.sh":             "#!/bin/sh\ngo mod download\n",
				"Makefile":                         "lint:\n\tgolangci-lint run\n",
				"web/package.json":                 "{\"scripts\": {\"test\": \"jest\"}}",
			}, scripts.Collector{}, Collector{})
			L := func(marker string) int { return collecttest.LineOf(t, ActionsWorkflow, marker) }

			if len(f.CI.Workflows) != 1 {
				t.Fatalf("workflows = %+v", f.CI.Workflows)
			}
			wf := f.CI.Workflows[0]
			wantWF := facts.Workflow{Provider: provider.name, Path: wfPath, Name: "CI",
				Permissions: &facts.Permissions{Scalar: "read-all", Scopes: map[string]string{}, Line: 3},
				Jobs: []facts.WorkflowJob{
					{Name: "test", Line: L("  test:"), Permissions: &facts.Permissions{Scopes: map[string]string{"contents": "read", "checks": "write"}, Line: L("    permissions:")}},
					{Name: "call", Line: L("  call:"), UsesWorkflow: "org/repo/.github/workflows/reusable.yml@v1", Permissions: &facts.Permissions{Scopes: map[string]string{}, Line: L("permissions: {}")}},
					{Name: "write", Line: L("  write:"), Permissions: &facts.Permissions{Scalar: "write-all", Scopes: map[string]string{}, Line: L("write-all")}},
				}}
			if !reflect.DeepEqual(wf, wantWF) {
				t.Errorf("workflow:\n got %+v\nwant %+v", wf, wantWF)
			}

			test := collecttest.JobByName(t, f, "test")
			if test.Provider != provider.name || test.Image != "node:20-bookworm" {
				t.Errorf("test job provider %q image %q", test.Provider, test.Image)
			}
			wantCmds := []string{
				wfPath + ":" + strconv.Itoa(L("npm ci")) + ": npm ci && npm test",
				wfPath + ":" + strconv.Itoa(L("echo start")) + ": echo start",
				wfPath + ":" + strconv.Itoa(L("make -C")) + ": make -C .. lint",
			}
			if got := collecttest.Pcmds(test.Commands); !reflect.DeepEqual(got, wantCmds) {
				t.Errorf("commands:\n got %q\nwant %q", got, wantCmds)
			}
			var uses []string
			for _, u := range test.Uses {
				uses = append(uses, u.Path+":"+strconv.Itoa(u.Line)+": "+u.Ref)
			}
			wantUses := []string{
				wfPath + ":" + strconv.Itoa(L("actions/checkout")) + ": actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11",
				wfPath + ":" + strconv.Itoa(L("setup-node")) + ": actions/setup-node@v4",
				wfPath + ":" + strconv.Itoa(L("./.github/actions/setup")) + ": ./.github/actions/setup",
				".github/actions/setup/action.yml:7: actions/cache@v4",
				wfPath + ":" + strconv.Itoa(L("docker://")) + ": docker://alpine:3.20",
			}
			if !reflect.DeepEqual(uses, wantUses) {
				t.Errorf("uses:\n got %q\nwant %q", uses, wantUses)
			}
			if with := test.Uses[1].With; !reflect.DeepEqual(with, map[string]string{"node-version": "20", "cache": "npm"}) {
				t.Errorf("with = %v", with)
			}
			wantReached := []string{
				".github/actions/setup/action.yml:5: ./scripts/bootstrap.sh",
				"scripts/bootstrap.sh:2: go mod download",
				"web/package.json:1: jest",
				"Makefile:2: golangci-lint run",
			}
			if got := collecttest.Pcmds(test.Reached); !reflect.DeepEqual(got, wantReached) {
				t.Errorf("reached:\n got %q\nwant %q", got, wantReached)
			}

			call := collecttest.JobByName(t, f, "call")
			if len(call.Uses) != 1 || call.Uses[0].Ref != "org/repo/.github/workflows/reusable.yml@v1" || call.Uses[0].With["env"] != "prod" {
				t.Errorf("reusable workflow call uses = %+v", call.Uses)
			}
		})
	}
}

func TestActionsTolerant(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"not a map":        "- a\n- b\n",
		"jobs is a list":   "jobs: [a, b]\n",
		"steps is scalar":  "jobs:\n  a:\n    steps: oops\n",
		"run is a map":     "jobs:\n  a:\n    steps:\n      - run: {x: 1}\n      - uses: [1]\n",
		"malformed":        "jobs:\n  a: [\n",
		"self action loop": "jobs:\n  a:\n    steps:\n      - uses: ./\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			collecttest.ScanWith(t, map[string]string{".github/workflows/x.yml": src, "action.yml": "runs:\n  using: composite\n  steps:\n    - uses: ./\n"}, Collector{})
		})
	}
}
