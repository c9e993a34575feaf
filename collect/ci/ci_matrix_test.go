package ci

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
)

func TestActionsMatrixCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		job  string
		want []string
	}{
		{
			name: "list dimension names the make target",
			job: `    strategy:
      matrix:
        target: [lint, test]
    steps:
      - run: make ${{ matrix.target }}
`,
			want: []string{"8: make lint", "8: make test"},
		},
		{
			name: "include entries carry whole commands",
			job: `    strategy:
      matrix:
        include:
          - name: unit
            cmd: tox -e py312
          - name: types
            cmd: mypy src
    steps:
      - run: ${{matrix.cmd}}
`,
			want: []string{"12: tox -e py312", "12: mypy src"},
		},
		{
			name: "product of dimensions, duplicates once",
			job: `    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        pkg: [api, worker]
    steps:
      - run: go test ./${{ matrix.pkg }}/...
`,
			want: []string{"9: go test ./api/...", "9: go test ./worker/..."},
		},
		{
			name: "lines without matrix references stay as they are",
			job: `    strategy:
      matrix:
        go: ["1.22", "1.23"]
    steps:
      - run: go test ./...
`,
			want: []string{"8: go test ./..."},
		},
		{
			name: "a matrix from an expression cannot be expanded",
			job: `    strategy:
      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - run: make ${{ matrix.target }}
`,
			want: []string{"7: make ${{ matrix.target }}"},
		},
		{
			name: "a key no combination defines",
			job: `    strategy:
      matrix:
        target: [lint]
    steps:
      - run: make ${{ matrix.other }}
`,
			want: []string{"8: make ${{ matrix.other }}"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "on: push\njobs:\n  j:\n" + tt.job
			f := collecttest.ScanWith(t, map[string]string{".github/workflows/ci.yml": src}, Collector{})
			if got := collecttest.CmdsOf(collecttest.JobByName(t, f, "j").Commands); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("commands:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestGitLabMatrixAndVariables(t *testing.T) {
	t.Parallel()
	src := `variables:
  GO_FLAGS: "-race -coverprofile=cover.out"
  DEPLOY_TOKEN:
    value: abc
    description: not used by any script
checks:
  parallel:
    matrix:
      - TARGET: [lint, test]
      - TARGET: e2e
        SUITE: [smoke]
  script:
    - make $TARGET ${SUITE}
unit:
  variables:
    PKGS: ./...
    GO_FLAGS: -short
  script:
    - go test ${GO_FLAGS} $PKGS
    - echo $CI_COMMIT_SHA
`
	f := collecttest.ScanWith(t, map[string]string{".gitlab-ci.yml": src}, Collector{})
	tests := map[string][]string{
		"checks": {"13: make lint ${SUITE}", "13: make test ${SUITE}", "13: make e2e smoke"},
		"unit":   {"19: go test -short ./...", "20: echo $CI_COMMIT_SHA"},
	}
	for job, want := range tests {
		if got := collecttest.CmdsOf(collecttest.JobByName(t, f, job).Commands); !reflect.DeepEqual(got, want) {
			t.Errorf("%s commands:\n got %q\nwant %q", job, got, want)
		}
	}
}
