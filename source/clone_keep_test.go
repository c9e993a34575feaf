package source

import (
	"context"
	"io/fs"
	"runtime"
	"strings"
	"testing"

	"github.com/scoredev/score/internal/gittest"
)

// TestCloneReadsObjectsOverSmallThreshold: a clone without a cache reads
// files over go-git's 16 KiB small-object threshold (read lazily, from the
// pack file by name) after its temporary folder is gone, also after a
// garbage collection.
func TestCloneReadsObjectsOverSmallThreshold(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("a line of a long generated README file\n", 2000) // 78 KB
	repo := gittest.NewRepo(t, gittest.Files{"README.md": big, "docs/copy.md": big + "x\n", "small.txt": "small\n"})
	snap, err := Clone(context.Background(), RepoRef{URL: repo.Dir}, fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	for _, p := range []string{"README.md", "docs/copy.md", "small.txt"} {
		data, err := fs.ReadFile(snap.FS, p)
		if err != nil {
			t.Errorf("ReadFile(%s): %v", p, err)
			continue
		}
		if p != "small.txt" && !strings.HasPrefix(string(data), big) {
			t.Errorf("ReadFile(%s): %d bytes, not the content", p, len(data))
		}
	}
}
