package ci_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/scoredev/score/collect/ci"
	"github.com/scoredev/score/collect/containers"
	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/yamlnode"
	"github.com/scoredev/score/collect/scripts"
)

// aliasBomb builds nine levels of anchors, each a list of ten aliases of
// the level below: 10^9 nodes once expanded.
func aliasBomb(leaf string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "x0: &a0 %s\n", leaf)
	for i := 1; i <= 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", ")
		fmt.Fprintf(&b, "x%d: &a%d [%s]\n", i, i, refs)
	}
	return b.String()
}

// mergeBomb is the same shape with merge keys.
func mergeBomb() string {
	var b strings.Builder
	b.WriteString("m0: &m0 {k: v}\n")
	for i := 1; i <= 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 10), ", ")
		fmt.Fprintf(&b, "m%d: &m%d\n  <<: [%s]\n  k%d: v\n", i, i, refs, i)
	}
	return b.String()
}

// referenceBomb nests GitLab !reference tags the same way.
func referenceBomb() string {
	var b strings.Builder
	b.WriteString(".r0:\n  script: [echo]\n")
	for i := 1; i <= 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("!reference [.r%d, script], ", i-1), 10), ", ")
		fmt.Fprintf(&b, ".r%d:\n  script: [%s]\n", i, refs)
	}
	return b.String() + "job:\n  script: [!reference [.r9, script]]\n"
}

// TestYAMLBombsAreBounded would hang (and hit the test timeout) if a walk
// expanded aliases, merges or references without bounds.
func TestYAMLBombsAreBounded(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"gitlab script":     {".gitlab-ci.yml": aliasBomb("[]") + "job:\n  script: *a9\n"},
		"gitlab references": {".gitlab-ci.yml": referenceBomb()},
		"gitlab merge":      {".gitlab-ci.yml": mergeBomb() + "job:\n  <<: *m9\n  script: x\n"},
		"actions run":       {".github/workflows/x.yml": aliasBomb("[]") + "jobs:\n  a:\n    steps:\n      - run: *a9\n"},
		"actions steps":     {".github/workflows/x.yml": aliasBomb("[]") + "jobs:\n  a:\n    steps: *a9\n"},
		"compose merge":     {"compose.yml": mergeBomb() + "services:\n  a:\n    <<: *m9\n"},
		"azure":             {"azure-pipelines.yml": aliasBomb("{}") + "steps: *a9\n"},
		"bitbucket":         {"bitbucket-pipelines.yml": aliasBomb("{}") + "pipelines:\n  default: *a9\n"},
		"circleci":          {".circleci/config.yml": aliasBomb("[]") + "jobs:\n  a:\n    steps: *a9\n"},
		"taskfile":          {"Taskfile.yml": aliasBomb("[]") + "tasks:\n  a:\n    cmds: *a9\n"},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := collecttest.ScanWith(t, files, scripts.Collector{}, containers.ComposeCollector{}, ci.Collector{})
			for _, j := range f.CI.Jobs {
				if len(j.Commands) > yamlnode.MaxJobCommands {
					t.Errorf("job %s: %d commands", j.Name, len(j.Commands))
				}
			}
		})
	}
}

func TestYAMLMergeKeys(t *testing.T) {
	t.Parallel()
	y, ok := yamlnode.ParseYAMLFile(nil, "x.yml", []byte("a: &a {k: 1, j: 1}\nb: &b {k: 2, i: 2}\nc:\n  <<: [*a, *b]\n  k: 3\n"))
	if !ok {
		t.Fatal("not parsed")
	}
	got := map[string]string{}
	for _, p := range yamlnode.YamlPairs(yamlnode.YamlGet(y.FirstMapping(), "c")) {
		got[p.Key] = yamlnode.YamlStr(p.Value)
	}
	if want := map[string]string{"k": "3", "j": "1", "i": "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("merged = %v, want %v", got, want)
	}
}

func TestScalarCommandLines(t *testing.T) {
	t.Parallel()
	src := `s:
  - single
  - |
    lit one
      indented
    lit two \
      continued

    # comment
  - >
    folded a
    folded b

    folded c
  - plain
    multi
  - 'quoted
    more'
`
	y, ok := yamlnode.ParseYAMLFile(nil, "x.yml", []byte(src))
	if !ok {
		t.Fatal("not parsed")
	}
	got := collecttest.CmdsOf(y.Commands(yamlnode.YamlGet(y.FirstMapping(), "s"), nil))
	want := []string{
		"2: single",
		"4: lit one",
		"5: indented",
		"6: lit two continued",
		"11: folded a folded b",
		"14: folded c",
		"15: plain multi",
		"17: quoted more",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands:\n got %q\nwant %q", got, want)
	}
}

func TestYAMLErrorLine(t *testing.T) {
	t.Parallel()
	tests := map[string]int{
		"a: [\n":                      1,
		"a: b\n  c: d\n":              2,
		"a:\n\t- tab\n":               2,
		"a: b\nb: c\nc: \"unclosed\n": 3,
	}
	for src, line := range tests {
		_, err := yamlnode.ParseYAMLDocs([]byte(src))
		if err == nil {
			t.Errorf("%q parsed", src)
			continue
		}
		if got := yamlnode.YamlErrorLine(err); got != line {
			t.Errorf("%q: line %d (%v), want %d", src, got, err, line)
		}
	}
}
