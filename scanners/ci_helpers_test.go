package scanners

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
)

// scanWith builds a tree from files and runs the given collectors over it
// in order, the way CollectTree does.
func scanWith(t testing.TB, files map[string]string, cs ...Collector) *Facts {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, content := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
	}
	return scanFS(t, fsys, cs...)
}

// scanFS is scanWith over any file system, such as a sample repository
// under testdata.
func scanFS(t testing.TB, fsys fs.FS, cs ...Collector) *Facts {
	t.Helper()
	tree, err := NewTree(fsys)
	if err != nil {
		t.Fatalf("NewTree: %v", err)
	}
	f := NewFacts(RepoInfo{Name: "test"})
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
func hasWarning(f *Facts, path string, line int) bool {
	for _, w := range f.Warnings {
		if w.Path == path && (line < 0 || w.Line == line) {
			return true
		}
	}
	return false
}
