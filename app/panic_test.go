package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/scoredev/score/facts"
)

// TestScoreFactsRecoversPanic: a panic while evaluating or scoring (here a
// real nil dereference: a pipeline without an engine) becomes the
// repository's error row, with the stack in the debug log.
func TestScoreFactsRecoversPanic(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	p := &Pipeline{DebugLog: &log}
	info := facts.RepoInfo{Name: "acme/panics"}
	res := p.ScoreFacts(context.Background(), facts.NewFacts(info), info)
	if res.Repo.Name != "acme/panics" || !strings.HasPrefix(res.Repo.Error, "internal error: runtime error: invalid memory address") || !strings.HasSuffix(res.Repo.Error, "(please report)") {
		t.Errorf("row = %+v, want an internal error row", res.Repo)
	}
	if !strings.Contains(log.String(), "acme/panics: internal error") || !strings.Contains(log.String(), "app.(*Pipeline).ScoreFacts") {
		t.Errorf("debug log lacks the stack:\n%s", log.String())
	}
}
