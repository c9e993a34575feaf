package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/scoredev/score/source"
)

func TestParseShard(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in     string
		i, n   int
		wantOK bool
	}{
		{"1/1", 1, 1, true}, {"2/4", 2, 4, true}, {"0/4", 0, 0, false}, {"5/4", 0, 0, false},
		{"2", 0, 0, false}, {"a/b", 0, 0, false}, {"1/0", 0, 0, false},
	} {
		i, n, ok := ParseShard(tt.in)
		if ok != tt.wantOK || (ok && (i != tt.i || n != tt.n)) {
			t.Errorf("ParseShard(%q) = %d, %d, %v", tt.in, i, n, ok)
		}
	}
}

// TestInShard: every name lands in exactly one shard of any count.
func TestInShard(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"acme/a", "acme/b", "other/c", ""} {
		for n := 1; n <= 5; n++ {
			hits := 0
			for i := 1; i <= n; i++ {
				if InShard(name, i, n) {
					hits++
				}
			}
			if hits != 1 {
				t.Errorf("%q in %d of %d shards", name, hits, n)
			}
		}
	}
}

func TestGather(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := filepath.Join(dir, "repos.txt")
	if err := os.WriteFile(list, []byte("https://h/acme/a.git\nhttps://h/acme/b.git\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	refs, err := Gather(context.Background(), Sources{Refs: []source.RepoRef{{Name: "acme/a", URL: "https://h/acme/a.git"}}, ReposFile: list})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range refs {
		names = append(names, r.Name)
	}
	if len(names) != 2 || names[0] != "acme/a" || names[1] != "acme/b" {
		t.Errorf("Gather = %v, want [acme/a acme/b] (de-duplicated, in order)", names)
	}
	_, err = Gather(context.Background(), Sources{ReposFile: filepath.Join(dir, "missing.txt")})
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Errorf("missing repos file: %v, want an InputError", err)
	}
}
