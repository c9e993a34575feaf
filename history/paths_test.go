package history

import (
	"context"
	"reflect"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// TestStorePathsRoundTrip: a scan scored with golden paths reads back with
// its paths and each row's path, so path adoption and its trend can be
// reported from the store.
func TestStorePathsRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	want := storeScan(4, 2, "0123abcd")
	want.Paths = []scorecard.PathInfo{{ID: "go-service", Title: "Go service", Checks: 30}, {ID: "library", Checks: 8}}
	for i := range want.Repos {
		want.Repos[i].Path, want.Repos[i].PathReason = []string{"go-service", scorecard.OffPath}[i%2], "why"
	}
	id, err := s.SaveScan(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadScan(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\ngot  %+v\nwant %+v", got, want)
	}
	org, _ := scorecard.Adoption(got, nil)
	if org.OnPath() != 2 || org.Scanned != 4 {
		t.Errorf("adoption from the store = %+v", org)
	}
}
