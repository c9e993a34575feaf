package collect

import (
	"context"
	"strings"
	"testing"

	"github.com/scoredev/score/facts"
	"github.com/scoredev/score/snapshot"
)

type named string

func (n named) Name() string                                              { return string(n) }
func (named) Collect(context.Context, *snapshot.Tree, *facts.Facts) error { return nil }

func TestRegistryRefusesDuplicates(t *testing.T) {
	t.Parallel()
	if err := checkRegistry(registry); err != nil {
		t.Fatalf("the registry itself: %v", err)
	}
	for _, tt := range []struct {
		cs   []Collector
		want string
	}{
		{[]Collector{named("a"), named("b"), named("a")}, `"a" registered twice`},
		{[]Collector{named("")}, "has no name"},
	} {
		if err := checkRegistry(tt.cs); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("checkRegistry = %v, want %q", err, tt.want)
		}
	}
}
