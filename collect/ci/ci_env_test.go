package ci

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
)

func TestActionsEnvCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		wf   string
		want []string
	}{
		{
			name: "env from the matrix: bin/rails $TEST_COMMAND runs each command",
			wf: `jobs:
  j:
    strategy:
      matrix:
        command: [test, "test:system"]
    env:
      TEST_COMMAND: ${{ matrix.command }}
    steps:
      - run: bin/rails $TEST_COMMAND
`,
			want: []string{"10: bin/rails test", "10: bin/rails test:system"},
		},
		{
			name: "step env over workflow env, braces",
			wf: `env:
  TASK: lint
jobs:
  j:
    steps:
      - run: bundle exec rake ${TASK}
        env:
          TASK: spec
      - run: make $TASK $HOME
`,
			want: []string{"7: bundle exec rake spec", "10: make lint $HOME"},
		},
		{
			name: "values from other expressions are unknown and stay as written",
			wf: `jobs:
  j:
    env:
      CMD: ${{ inputs.cmd }}
    steps:
      - run: bin/rails $CMD
`,
			want: []string{"7: bin/rails $CMD"},
		},
		{
			name: "matrix of objects: ${{ matrix.tests.command }} through env:",
			wf: `jobs:
  j:
    strategy:
      matrix:
        tests:
          - id: general
            command: test
          - id: system
            command: test:system
        ruby: ["3.3"]
    env:
      TEST_COMMAND: ${{ matrix.tests.command }}
    steps:
      - run: bin/rails $TEST_COMMAND
      - run: echo ${{ matrix.tests.id }} ${{ matrix.ruby }}
`,
			want: []string{"15: bin/rails test", "15: bin/rails test:system", "16: echo general 3.3", "16: echo system 3.3"},
		},
		{
			name: "a variable set earlier in the same run: block",
			wf: `jobs:
  j:
    steps:
      - run: |
          export SUITE="test:system"
          FLAGS=--fail-fast
          bin/rails $SUITE ${FLAGS} $OTHER
      - run: bin/rails $SUITE
`,
			want: []string{`6: export SUITE="test:system"`, "7: FLAGS=--fail-fast", "8: bin/rails test:system --fail-fast $OTHER", "9: bin/rails $SUITE"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "on: push\n" + tt.wf
			f := collecttest.ScanWith(t, map[string]string{".github/workflows/ci.yml": src}, Collector{})
			if got := collecttest.CmdsOf(collecttest.JobByName(t, f, "j").Commands); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("commands:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestGitLabScriptShellVariables(t *testing.T) {
	t.Parallel()
	src := "test:\n  script:\n    - TEST_COMMAND=test\n    - bin/rails db:test:prepare $TEST_COMMAND\n"
	f := collecttest.ScanWith(t, map[string]string{".gitlab-ci.yml": src}, Collector{})
	want := []string{"3: TEST_COMMAND=test", "4: bin/rails db:test:prepare test"}
	if got := collecttest.CmdsOf(collecttest.JobByName(t, f, "test").Commands); !reflect.DeepEqual(got, want) {
		t.Errorf("commands:\n got %q\nwant %q", got, want)
	}
}
