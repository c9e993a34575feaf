package scorecard

import (
	"slices"
	"testing"
)

func TestScopeToKeepsOnlyFindingsInChangedFiles(t *testing.T) {
	t.Parallel()
	ref := func(path string) FindingRef {
		return FindingRef{Check: "security.container-non-root", Finding: Finding{Message: "runs as root", Path: path}}
	}
	c := Comparison{NewFindings: []FindingRef{ref("Dockerfile"), ref("deploy/api.yaml"), ref(""), ref("deploy/worker.yaml")}}
	c.ScopeTo([]string{"Dockerfile", "README.md"})
	var kept, elsewhere []string
	for _, f := range c.NewFindings {
		kept = append(kept, f.Finding.Path)
	}
	for _, f := range c.NewElsewhere {
		elsewhere = append(elsewhere, f.Finding.Path)
	}
	if !slices.Equal(kept, []string{"Dockerfile", ""}) || !slices.Equal(elsewhere, []string{"deploy/api.yaml", "deploy/worker.yaml"}) {
		t.Errorf("new %q, elsewhere %q", kept, elsewhere)
	}
	if !slices.Equal(c.ChangedFiles, []string{"Dockerfile", "README.md"}) {
		t.Errorf("changed files %q", c.ChangedFiles)
	}
}

func TestSame(t *testing.T) {
	t.Parallel()
	c := Comparison{Base: Snapshot{Commit: "a", Score: 50, Level: Bronze}, Head: Snapshot{Commit: "a", Score: 50, Level: Bronze}}
	if !c.Same() {
		t.Error("identical sides are not the same")
	}
	c.Head.Commit = "b"
	if c.Same() {
		t.Error("different commits are the same")
	}
	c.Head.Commit, c.Broken = "a", []string{"x"}
	if c.Same() {
		t.Error("a broken check is no difference")
	}
}
