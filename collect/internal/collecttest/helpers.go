package collecttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scoredev/score/collect/internal/textutil"
	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

// scanWith builds a tree from files and runs the given collectors over it
// in order, the way CollectTree does.
func ScanWith(t testing.TB, files map[string]string, cs ...TestCollector) *facts.Facts {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, content := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
	}
	return ScanFS(t, fsys, cs...)
}

// scanFS is scanWith over any file system, such as a sample repository
// under testdata.
func ScanFS(t testing.TB, fsys fs.FS, cs ...TestCollector) *facts.Facts {
	t.Helper()
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatalf("NewTree: %v", err)
	}
	f := facts.NewFacts(facts.RepoInfo{Name: "test"})
	for _, c := range cs {
		if err := c.Collect(context.Background(), tree, f); err != nil {
			t.Fatalf("collect %s: %v", c.Name(), err)
		}
	}
	f.Warnings = append(f.Warnings, tree.Warnings()...)
	return f
}

// hasWarning reports whether a warning names path at line (any line when
// line is -1).
func HasWarning(f *facts.Facts, path string, line int) bool {
	for _, w := range f.Warnings {
		if w.Path == path && (line < 0 || w.Line == line) {
			return true
		}
	}
	return false
}

// runCollector walks fsys and runs one collector over it, returning the
// facts and the warnings the tree gathered.
func CollectOne(t *testing.T, c TestCollector, fsys fstest.MapFS) (*facts.Facts, []facts.Warning) {
	t.Helper()
	tree, err := snapshot.NewTree(fsys)
	if err != nil {
		t.Fatalf("NewTree: %v", err)
	}
	f := facts.NewFacts(facts.RepoInfo{Name: "test"})
	if err := c.Collect(context.Background(), tree, f); err != nil {
		t.Fatalf("%s.Collect: %v", c.Name(), err)
	}
	return f, tree.Warnings()
}

func TextFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// warningLines renders warnings as "path:line: message" lines for
// readable assertions.
func WarningLines(ws []facts.Warning) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "%s:%d: %s\n", w.Path, w.Line, w.Message)
	}
	return b.String()
}

// dtLines joins lines with newlines, so that a test's line numbers can be
// read off its source.
func DtLines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func DtJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// cmdsOf renders commands as "line: run" for compact comparisons.
func CmdsOf(cmds []facts.Command) []string {
	out := []string{}
	for _, c := range cmds {
		out = append(out, strconv.Itoa(c.Line)+": "+c.Run)
	}
	return out
}

// lineOf is the 1-based line of the first line of src containing marker;
// tests use it so that expectations follow the fixture text.
func LineOf(t testing.TB, src, marker string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("marker %q not in source", marker)
	return 0
}

func JobByName(t testing.TB, f *facts.Facts, name string) facts.CIJob {
	t.Helper()
	for _, j := range f.CI.Jobs {
		if j.Name == name {
			return j
		}
	}
	t.Fatalf("no job %q in %v", name, JobNames(f))
	return facts.CIJob{}
}

func JobNames(f *facts.Facts) []string {
	out := []string{}
	for _, j := range f.CI.Jobs {
		out = append(out, j.Provider+":"+j.Name)
	}
	return out
}

// pcmds renders commands as "path:line: run".
func Pcmds(cmds []facts.Command) []string {
	out := []string{}
	for _, c := range cmds {
		out = append(out, c.Path+":"+strconv.Itoa(c.Line)+": "+c.Run)
	}
	return out
}

// lineCount is the number of lines of data (a final line without a newline
// counts).
func LineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// checkLines fails when a fact points outside the file it names: every
// line must be within 1..lines (0 allowed for warnings: "unknown").
func CheckLines(t *testing.T, files map[string]string, f *facts.Facts) {
	t.Helper()
	check := func(what, p string, line int, zeroOK bool) {
		t.Helper()
		content, ok := files[p]
		if !ok {
			t.Errorf("%s names %q, which is not in the repository", what, p)
			return
		}
		n := textutil.CountLines([]byte(content))
		if line > n || line < 0 || (line == 0 && !zeroOK) {
			t.Errorf("%s at %s:%d, file has %d lines", what, p, line, n)
		}
	}
	for _, w := range f.Warnings {
		check("warning "+w.Message, w.Path, w.Line, true)
	}
	for _, df := range f.Containers.Dockerfiles {
		for _, st := range df.Stages {
			check("stage", df.Path, st.Line, false)
			check("from", df.Path, st.From.Line, false)
			for _, in := range []*facts.Instruction{st.User, st.EffectiveUser} {
				if in != nil {
					check("user", df.Path, in.Line, false)
				}
			}
			if st.Healthcheck != nil {
				check("healthcheck", df.Path, st.Healthcheck.Line, false)
			}
			if st.Base != nil {
				check("base", df.Path, st.Base.Line, false)
			}
		}
	}
	for _, j := range f.CI.Jobs {
		check("job "+j.Name, j.Path, j.Line, false)
		for _, c := range append(append([]facts.Command{}, j.Commands...), j.Reached...) {
			check("command "+c.Run, c.Path, c.Line, false)
		}
		for _, u := range j.Uses {
			check("uses "+u.Ref, u.Path, u.Line, false)
		}
	}
	for _, inc := range f.CI.GitLabIncludes {
		check("include", inc.Path, inc.Line, false)
	}
	for _, wf := range f.CI.Workflows {
		if wf.Permissions != nil {
			check("permissions", wf.Path, wf.Permissions.Line, false)
		}
		for _, j := range wf.Jobs {
			check("workflow job", wf.Path, j.Line, false)
			if j.Permissions != nil {
				check("job permissions", wf.Path, j.Permissions.Line, false)
			}
		}
	}
	for _, mt := range append(append([]facts.MakeTarget{}, f.Scripts.MakeTargets...), f.Scripts.TaskRunners...) {
		check("target", mt.Path, mt.Line, false)
		for _, c := range mt.Commands {
			check("recipe", c.Path, c.Line, false)
		}
	}
	for _, cf := range f.Containers.Compose {
		for _, s := range cf.Services {
			check("service", cf.Path, s.Line, false)
		}
	}
}

// testCollector is what the helpers run: any collector, without importing
// the registry (which would import every collector package).
type TestCollector interface {
	Name() string
	Collect(ctx context.Context, t *snapshot.Tree, f *facts.Facts) error
}
