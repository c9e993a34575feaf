package collect

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/containers"
	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/collect/scripts"
)

// argBomb is a Dockerfile whose ARG defaults double at every line: fully
// expanded, A30 is 2^30 copies of A0.
func argBomb(levels int) string {
	var b strings.Builder
	b.WriteString("ARG A0=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "ARG A%d=${A%d}${A%d}\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "FROM alpine:${A%d}\n", levels)
	return b.String()
}

func TestDockerfileExpansionBomb(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		line    int // line of the first warning
	}{
		{"doubling ARG defaults", argBomb(30), 12},
		{"doubling ENV in a stage", "FROM alpine:3.20\nENV E0=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" +
			func() string {
				var b strings.Builder
				for i := 1; i <= 30; i++ {
					fmt.Fprintf(&b, "ENV E%d=${E%d}${E%d}\n", i, i-1, i-1)
				}
				return b.String()
			}() + "USER ${E30}\n", 13},
		{"replace every position", "ARG A0=" + strings.Repeat("x", 300) + "\nARG A1=${A0//?/" + strings.Repeat("y", 300) + "}\nFROM alpine:${A1}\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, warns := collecttest.CollectOne(t, containers.DockerfileCollector{}, fstest.MapFS{"Dockerfile": collecttest.TextFile(tt.content)})
			if len(f.Containers.Dockerfiles) != 1 {
				t.Fatalf("dockerfiles = %d, want 1", len(f.Containers.Dockerfiles))
			}
			df := f.Containers.Dockerfiles[0]
			if len(warns) == 0 || warns[0].Path != "Dockerfile" || warns[0].Line != tt.line || !strings.Contains(warns[0].Message, "expansion") {
				t.Fatalf("warnings:\n%s\nwant the first at Dockerfile:%d about expansion", collecttest.WarningLines(warns), tt.line)
			}
			for _, st := range df.Stages {
				if len(st.From.Resolved) > textutil.MaxExpansion {
					t.Errorf("stage %d FROM resolved to %d bytes, bound is %d", st.Index, len(st.From.Resolved), textutil.MaxExpansion)
				}
				if st.User != nil && len(st.User.Value) > textutil.MaxExpansion {
					t.Errorf("stage %d USER is %d bytes", st.Index, len(st.User.Value))
				}
			}
			if strings.HasPrefix(tt.name, "doubling ARG") || strings.HasPrefix(tt.name, "replace") {
				if !df.FinalStage.From.Unresolved {
					t.Errorf("FROM %+v: want unresolved", df.FinalStage.From)
				}
			}
		})
	}
}

// TestDockerfileExpansionTotal: many lines, each under the single bound,
// must not add up without limit.
func TestDockerfileExpansionTotal(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	fmt.Fprintf(&b, "ARG BIG=%s\n", strings.Repeat("x", 60<<10))
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "ARG C%d=${BIG}\n", i)
	}
	b.WriteString("FROM alpine:3.20\n")
	_, warns := collecttest.CollectOne(t, containers.DockerfileCollector{}, fstest.MapFS{"Dockerfile": collecttest.TextFile(b.String())})
	if !strings.Contains(collecttest.WarningLines(warns), "expansion stopped") {
		t.Fatalf("warnings:\n%s\nwant the per-file budget warning", collecttest.WarningLines(warns))
	}
	if n := strings.Count(collecttest.WarningLines(warns), "expansion stopped"); n != 1 {
		t.Errorf("budget warning %d times, want once", n)
	}
}

// TestMakefileExpansionBomb: recursive make variables that double at each
// level, used by many recipe lines, stay bounded per line and per file.
func TestMakefileExpansionBomb(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	fmt.Fprintf(&b, "A0 = %s\n", strings.Repeat("x", 1024))
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "A%d = $(A%d)$(A%d)\n", i, i-1, i-1)
	}
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "t%d:\n\techo $(A30) $(A5)\n", i)
	}
	targets := scripts.ParseMakefile("Makefile", []byte(b.String()))
	if len(targets) != 3000 {
		t.Fatalf("%d targets, want 3000", len(targets))
	}
	total := 0
	for _, tg := range targets {
		for _, c := range tg.Commands {
			if len(c.Run) > textutil.MaxExpansion+64 {
				t.Fatalf("%s: command of %d bytes, bound is %d", tg.Name, len(c.Run), textutil.MaxExpansion)
			}
			total += len(c.Run)
		}
	}
	if total > textutil.MaxExpansionTotal+3000*(textutil.MaxExpansion+64) || total > 2*textutil.MaxExpansionTotal {
		t.Errorf("commands total %d bytes, want about %d at most", total, textutil.MaxExpansionTotal)
	}
}
