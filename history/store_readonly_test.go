package history

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A store whose file is 0444 in a 0555 folder still reads, and the
// read-only handle refuses to write: nothing is created, migrated or
// changed. (Run as root the permissions do not bind, so the refusal to
// write is what proves the handle read-only.)
func TestStoreOpenReadOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ro")
	path := filepath.Join(dir, "history.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveScan(ctx, storeScan(3, 1, "c1")); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer ro.Close()
	scans, err := ro.ListScans(ctx, 0)
	if err != nil || len(scans) != 1 {
		t.Fatalf("ListScans = %v, %v; want one scan", scans, err)
	}
	if _, err := ro.LoadScan(ctx, scans[0].ID); err != nil {
		t.Errorf("LoadScan: %v", err)
	}
	if _, err := ro.SaveScan(ctx, storeScan(1, 2, "c2")); err == nil {
		t.Error("SaveScan through a read-only handle succeeded")
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("the read-only open changed the store file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "history.db" && e.Name() != "history.db-shm" && e.Name() != "history.db-wal" {
			t.Errorf("read-only open created %s", e.Name())
		}
	}
}

func TestStoreOpenReadOnlyMissingCreatesNothing(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "absent")
	if _, err := OpenReadOnly(filepath.Join(dir, "history.db")); err == nil {
		t.Fatal("OpenReadOnly of a missing store succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("OpenReadOnly created the folder: %v", err)
	}
}
