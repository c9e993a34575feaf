package ci_test

import (
	"testing"

	"github.com/scoredev/score/collect/ci"
	"github.com/scoredev/score/collect/containers"
	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/scripts"
)

// fuzzNeighbours are files the fuzzed CI file can include or call.
var fuzzNeighbours = map[string]string{
	"ci/a.yml":                         "a:\n  extends: .b\n  script: [make test]\n.b:\n  image: x\n",
	"Makefile":                         "test: lint\n\tnpm test\nlint:\n\t./scripts/l.sh\n",
	"package.json":                     "{\"scripts\": {\"test\": \"make lint\"}}",
	"scripts/l.sh":                     "#!/bin/sh\nmake test\n",
	".github/actions/setup/action.yml": "runs:\n  using: composite\n  steps:\n    - run: make test\n    - uses: ./.github/actions/setup\n",
}

func fuzzCI(t *testing.T, ciPath string, data []byte) {
	files := map[string]string{ciPath: string(data)}
	for k, v := range fuzzNeighbours {
		files[k] = v
	}
	f := collecttest.ScanWith(t, files, scripts.Collector{}, containers.ComposeCollector{}, ci.Collector{})
	collecttest.CheckLines(t, files, f)
}

func FuzzGitLabCI(f *testing.F) {
	for _, seed := range []string{
		ci.GitlabRoot, ci.GitlabBuild, ci.GitlabTemplate, ci.GitlabChild,
		"include: ci/a.yml\njob:\n  extends: a\n  script:\n    - !reference [a, script]\n",
		"include:\n  - local: 'ci/*.yml'\n  - project: p\n    file: [a, b]\n",
		"x: &a [*a]\njob:\n  script: *a\n",
		"job:\n  script:\n    - >\n      folded\n      line\n    - \"quoted\n      more\"\n",
		"default:\n  before_script: [echo]\njob:\n  inherit:\n    default: [image]\n  script: |\n    a \\\n    b\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCI(t, ".gitlab-ci.yml", data)
	})
}

func FuzzActions(f *testing.F) {
	for _, seed := range []string{
		ci.ActionsWorkflow,
		"jobs:\n  a:\n    steps:\n      - uses: ./.github/actions/setup\n      - run: |\n          make test\n",
		"permissions: {}\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n    with: {a: [1, 2]}\n",
		"on: push\njobs:\n  a: &j\n    steps: [{run: x}]\n  b: *j\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCI(t, ".github/workflows/ci.yml", data)
	})
}
