package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scoredev/score/scorecard"
)

func storeScan(n int, day int, commit string) *scorecard.Scan {
	start := time.Date(2026, 3, day, 9, 0, 0, 123456789, time.UTC)
	s := &scorecard.Scan{
		Schema: scorecard.Schema, Tool: scorecard.Tool{Version: "v1.2.3"}, Policy: scorecard.Policy{Digest: "sha256:abc"},
		StartedAt: start, FinishedAt: start.Add(90 * time.Second),
	}
	for i := range n {
		r := scorecard.Repo{
			Name: fmt.Sprintf("group/svc-%04d", i), URL: fmt.Sprintf("https://gitlab.example.com/group/svc-%04d.git", i),
			Commit: commit, Team: []string{"payments", "search", scorecard.Unowned}[i%3], Score: float64(i % 101), Level: scorecard.Silver,
			Categories: map[string]scorecard.CategoryScore{"build": {Score: 80}, "security": {Score: 50}},
			Checks: []scorecard.CheckResult{
				{ID: "build.ci-pipeline", Title: "CI", Outcome: scorecard.Pass, Level: scorecard.Bronze, Weight: 3, Category: "build", Findings: []scorecard.Finding{}},
				{ID: "security.container-non-root", Title: "Non-root", Outcome: scorecard.Fail, Level: scorecard.Silver, Weight: 3, Category: "security",
					Remediation: "Add a USER line.", Findings: []scorecard.Finding{{Message: "runs as root", Path: "Dockerfile", Line: 12}}},
				{ID: "security.sast", Outcome: scorecard.Exempt, Level: scorecard.Silver, Weight: 2, Category: "security", Findings: []scorecard.Finding{},
					Exemption: &scorecard.Exemption{Check: "security.sast", Reason: "legacy", Expires: "2027-03-31", Source: ".score.yaml:4"}},
			},
			Warnings: []scorecard.Warning{{Path: "Dockerfile", Line: 3, Message: "odd"}},
		}
		if i%7 == 6 {
			r = scorecard.Repo{Name: r.Name, URL: r.URL, Team: r.Team, Level: scorecard.None, Error: "clone: repository not found"}
		}
		s.Repos = append(s.Repos, r)
	}
	s.Teams = []scorecard.Team{{Name: "payments", Repos: 2, Score: 70, Min: 40, Levels: map[string]int{"gold": 0, "silver": 2, "bronze": 0, "none": 0}}}
	return s
}

func openTempStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "nested", "history.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestStoreRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	want := storeScan(25, 1, "0123abcd")
	id, err := s.SaveScanWithSource(ctx, want, "gitlab:group")
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
	list, err := s.ListScans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantSum := ScanSummary{ID: id, StartedAt: want.StartedAt, FinishedAt: want.FinishedAt, ToolVersion: "v1.2.3",
		PolicyDigest: "sha256:abc", Source: "gitlab:group", Repos: 25}
	if len(list) != 1 || list[0] != wantSum {
		t.Errorf("ListScans = %+v; want %+v", list, wantSum)
	}
	if _, err := s.LoadScan(ctx, id+100); !errors.Is(err, ErrNoScan) {
		t.Errorf("LoadScan(missing) = %v; want ErrNoScan", err)
	}
	empty := &scorecard.Scan{Schema: scorecard.Schema, StartedAt: want.StartedAt, FinishedAt: want.FinishedAt}
	id2, err := s.SaveScan(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.LoadScan(ctx, id2); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("empty scan: %+v, %v", got, err)
	}
}

func TestStoreLatestPreviousAndRepos(t *testing.T) {
	t.Parallel()
	s, _ := openTempStore(t)
	ctx := context.Background()
	if _, _, err := s.LatestScan(ctx); !errors.Is(err, ErrNoScan) {
		t.Fatalf("LatestScan on an empty store = %v; want ErrNoScan", err)
	}
	if _, ok, err := s.LatestRepo(ctx, "group/svc-0000"); ok || err != nil {
		t.Fatalf("LatestRepo on an empty store = %v, %v", ok, err)
	}
	first, second := storeScan(10, 1, "aaaa"), storeScan(10, 2, "bbbb")
	second.Policy.Digest = "sha256:def"
	id1, err := s.SaveScan(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := s.SaveScan(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if id2 <= id1 {
		t.Fatalf("ids %d then %d; want growing", id1, id2)
	}
	id, latest, err := s.LatestScan(ctx)
	if err != nil || id != id2 || !reflect.DeepEqual(latest, second) {
		t.Errorf("LatestScan = %d, %v; want %d and the second scan", id, err, id2)
	}
	id, prev, err := s.PreviousScan(ctx, id2)
	if err != nil || id != id1 || !reflect.DeepEqual(prev, first) {
		t.Errorf("PreviousScan(%d) = %d, %v; want %d and the first scan", id2, id, err, id1)
	}
	if _, _, err := s.PreviousScan(ctx, id1); !errors.Is(err, ErrNoScan) {
		t.Errorf("PreviousScan(first) = %v; want ErrNoScan", err)
	}

	rec, ok, err := s.LatestRepo(ctx, "group/svc-0003")
	if err != nil || !ok {
		t.Fatalf("LatestRepo = %v, %v", ok, err)
	}
	if rec.ScanID != id2 || rec.Repo.Commit != "bbbb" || rec.PolicyDigest != "sha256:def" || rec.ToolVersion != "v1.2.3" ||
		!reflect.DeepEqual(rec.Repo, second.Repos[3]) || !rec.FinishedAt.Equal(second.FinishedAt) {
		t.Errorf("LatestRepo = %+v", rec)
	}
	// svc-0006 failed in every scan: no reusable result.
	if _, ok, err := s.LatestRepo(ctx, "group/svc-0006"); ok || err != nil {
		t.Errorf("LatestRepo(failed repo) = %v, %v; want none", ok, err)
	}
	// A third scan where svc-0003 failed: the second scan's result stands.
	third := storeScan(4, 3, "cccc")
	third.Repos[3] = scorecard.Repo{Name: "group/svc-0003", Error: "timeout"}
	if _, err := s.SaveScan(ctx, third); err != nil {
		t.Fatal(err)
	}
	if rec, _, _ := s.LatestRepo(ctx, "group/svc-0003"); rec.ScanID != id2 {
		t.Errorf("LatestRepo after a failed rescan = scan %d; want %d", rec.ScanID, id2)
	}

	list, err := s.ListScans(ctx, 2)
	if err != nil || len(list) != 2 || list[0].ID <= list[1].ID || list[1].ID != id2 {
		t.Errorf("ListScans(2) = %+v, %v; want the two newest, newest first", list, err)
	}
	n, err := s.Prune(ctx, 1)
	if err != nil || n != 2 {
		t.Errorf("Prune(1) = %d, %v; want 2", n, err)
	}
	var rows int
	if err := s.db.QueryRow(`SELECT count(*) FROM repo_results`).Scan(&rows); err != nil || rows != 4 {
		t.Errorf("%d repository rows after pruning (%v); want only the kept scan's 4", rows, err)
	}
}

func TestStoreSchemaAndPragmas(t *testing.T) {
	t.Parallel()
	s, path := openTempStore(t)
	var mode, sync string
	var version int
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := s.db.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != "1" {
		t.Errorf("synchronous = %q, %v; want 1 (NORMAL)", sync, err)
	}
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("user_version = %d, %v; want %d", version, err, len(migrations))
	}
	var plan string
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN SELECT scan_id FROM repo_results WHERE name = ? ORDER BY scan_id DESC`, "x")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b, c int
		var detail string
		if err := rows.Scan(&a, &b, &c, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "; "
	}
	rows.Close()
	if !strings.Contains(plan, "repo_results_name_scan") {
		t.Errorf("query plan %q does not use the (name, scan_id) index", plan)
	}
	s.Close()

	// Reopening is a no-op migration; a newer schema is refused.
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1)); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer than this score") {
		t.Errorf("Open(newer schema) = %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "odd?name.db")); err == nil {
		t.Error("a path with ? was accepted")
	}
}

func TestStoreConcurrentWriters(t *testing.T) {
	t.Parallel()
	_, path := openTempStore(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for i := range 5 {
				if _, err := s.SaveScan(ctx, storeScan(20, 1+(w*5+i)%28, "x")); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.ListScans(ctx, 0)
	if err != nil || len(list) != 20 {
		t.Errorf("%d scans, %v; want 20", len(list), err)
	}
}

// crashEnv names the database the crash child writes to.
const crashEnv = "SCORE_TEST_STORE_CRASH_DB"

// TestStoreSurvivesKillMidTransaction starts a child process that begins
// saving a large scan and is killed with SIGKILL inside the transaction.
// The store must open cleanly afterwards, pass SQLite's integrity check and
// hold exactly the scans committed before.
func TestStoreSurvivesKillMidTransaction(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	s, path := openTempStore(t)
	ctx := context.Background()
	first, second := storeScan(50, 1, "aaaa"), storeScan(50, 2, "bbbb")
	id1, err := s.SaveScan(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := s.SaveScan(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestStoreCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inTx := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "IN-TRANSACTION" {
				inTx <- true
				return
			}
		}
		inTx <- false
	}()
	select {
	case ok := <-inTx:
		if !ok {
			_ = cmd.Wait()
			t.Fatal("child ended before reaching the transaction")
		}
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("child never reached the transaction")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup, no rollback
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if st, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("write-ahead log left behind by the killed writer: %d bytes", st.Size())
	}

	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListScans(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != id2 || list[1].ID != id1 {
		t.Fatalf("scans after the crash: %+v; want exactly the two committed before", list)
	}
	for id, want := range map[int64]*scorecard.Scan{id1: first, id2: second} {
		got, err := s.LoadScan(ctx, id)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("scan %d after the crash: %v", id, err)
		}
	}
	var orphans int
	if err := s.db.QueryRow(`SELECT count(*) FROM repo_results WHERE scan_id NOT IN (SELECT id FROM scans)`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("%d orphan repository rows (%v)", orphans, err)
	}
	if _, err := s.SaveScan(ctx, storeScan(3, 3, "cccc")); err != nil {
		t.Errorf("write after the crash: %v", err)
	}
}

// TestStoreCrashChild is the child of TestStoreSurvivesKillMidTransaction;
// it does nothing in a normal run.
func TestStoreCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestStoreSurvivesKillMidTransaction")
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// Far more rows than SQLite's page cache holds, so that uncommitted
	// pages spill into the write-ahead log before the kill.
	big := storeScan(6000, 5, "dddd")
	saveRowHook = func(n int) {
		if n == 5000 {
			fmt.Println("IN-TRANSACTION")
			_ = os.Stdout.Sync()
			time.Sleep(time.Hour) // wait to be killed
		}
	}
	_, err = s.SaveScan(context.Background(), big)
	t.Fatalf("SaveScan returned (%v); it should have been killed", err)
}
