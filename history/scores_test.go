package history

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/scoredev/score/scorecard"
)

// The scores read back without the results' JSON are those of the full
// scan: the same summary per scan, the same row per repository.
func TestStoreScores(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	var saved []*scorecard.Scan
	for day := 1; day <= 3; day++ {
		scan := storeScan(20, day, "c"+string(rune('0'+day)))
		for i := range scan.Repos {
			if scan.Repos[i].Error == "" {
				scan.Repos[i].Score = float64(10*day + i)
			}
		}
		if _, err := s.SaveScan(ctx, scan); err != nil {
			t.Fatal(err)
		}
		saved = append(saved, scan)
	}
	list, err := s.ListScores(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("%d scans, want 3", len(list))
	}
	for i, got := range list { // newest first
		want := scorecard.OrgSummary(saved[2-i].Repos)
		if got.Summary.Score != want.Score || got.Summary.Errors != want.Errors || got.Summary.Levels[scorecard.Silver] != want.Levels[scorecard.Silver] || got.Repos != 20 {
			t.Errorf("scan %d: %+v, want %+v", got.ID, got.Summary, want)
		}
	}
	light, err := s.LoadScores(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range light.Repos {
		w := saved[2].Repos[i]
		if r.Name != w.Name || r.Team != w.Team || r.Score != w.Score || r.Level != w.Level || r.Error != w.Error || r.Checks != nil {
			t.Errorf("row %d: %+v, want name, team, score, level and error of %+v and no checks", i, r, w)
		}
	}
	if !light.FinishedAt.Equal(saved[2].FinishedAt) {
		t.Errorf("finished at %v, want %v", light.FinishedAt, saved[2].FinishedAt)
	}
	if _, err := s.LoadScores(ctx, 999); err == nil {
		t.Error("scores of a missing scan: no error")
	}
	rows, err := s.RepoScores(ctx, "group/svc-0001", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Score != 31 || rows[1].Score != 21 || rows[0].Commit != "c3" {
		t.Errorf("repo scores = %+v, want the newest two (31 at c3, then 21)", rows)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if p, err := DefaultPath(env(map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"})); err != nil || p != filepath.Join("/data", "score", "history.db") {
		t.Errorf("with XDG_DATA_HOME: %q, %v", p, err)
	}
	if p, err := DefaultPath(env(map[string]string{"HOME": "/home/u"})); err != nil || p != filepath.Join("/home/u", ".local", "share", "score", "history.db") {
		t.Errorf("with HOME: %q, %v", p, err)
	}
	if p, err := DefaultPath(env(map[string]string{"XDG_DATA_HOME": "relative/ignored", "HOME": "/home/u"})); err != nil || p != filepath.Join("/home/u", ".local", "share", "score", "history.db") {
		t.Errorf("with a relative XDG_DATA_HOME: %q, %v (it is ignored)", p, err)
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Error("no HOME and no XDG_DATA_HOME: no error")
	}
}
